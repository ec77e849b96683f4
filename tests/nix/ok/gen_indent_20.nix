'' 
    \n
    ''\  ''$ ${toString 3}
    ''
