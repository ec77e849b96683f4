[
  ([ 7 0 5 (-1) 2 ] == [ 7 0 5 (-1) 2 ])
  (builtins.filter (x: x > 1) [ 7 0 5 (-1) 2 ])
  (builtins.elem 3 [ 7 0 5 (-1) 2 ])
  ([ 7 0 5 (-1) 2 ] ++ [ 3 ])
  (builtins.length [ 7 0 5 (-1) 2 ])
  (builtins.listToAttrs (map (x: { name = toString x; value = x; }) [ 7 0 5 (-1) 2 ]))
  (builtins.sort (a: b: a < b) [ 7 0 5 (-1) 2 ])
  (builtins.elemAt [ 7 0 5 (-1) 2 ] 4)
  (builtins.sort (a: b: a > b) [ 7 0 5 (-1) 2 ])
  (builtins.genList (i: i * 3) 5)
  (builtins.tail [ 7 0 5 (-1) 2 ])
  (builtins.head [ 7 0 5 (-1) 2 ])
]
