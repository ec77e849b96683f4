''  
  ${toString 3} ' ${toString 3}
      ' ''' ''$
  " word
	    ''$ $
    ${toString 3} ''' #
        a'b ''\ 

''
