let f = x: x; in [ ((x: x) == (x: x)) ([ 1 ] == [ 1 ]) ]
