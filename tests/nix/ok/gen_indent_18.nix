''
     
  \n ${toString 3} #
      ${toString 3}
    $
	      \n
    '''
''
