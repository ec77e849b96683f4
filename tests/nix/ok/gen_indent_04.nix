''
      ''\t ''\q #

#
  ' two words
  ''
