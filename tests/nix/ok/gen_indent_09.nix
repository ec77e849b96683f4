''
a'b
    two words ${toString 3} $x
    word '

    ''\n ''\q '
    ''\ 
  ''
