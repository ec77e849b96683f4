''

  
"
    ''\q
  \n \n
      ''\  ''' ${toString 3}
  \n
''
