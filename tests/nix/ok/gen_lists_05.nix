[
  (builtins.head [ 5 2 (-2) (-6) 5 6 3 ])
  (builtins.foldl' (a: b: a + b) 2 [ 5 2 (-2) (-6) 5 6 3 ])
  (builtins.length [ 5 2 (-2) (-6) 5 6 3 ])
  (builtins.genList (i: i * 2) 7)
  (builtins.concatStringsSep "," (map toString [ 5 2 (-2) (-6) 5 6 3 ]))
  (builtins.listToAttrs (map (x: { name = toString x; value = x; }) [ 5 2 (-2) (-6) 5 6 3 ]))
  (builtins.elem 2 [ 5 2 (-2) (-6) 5 6 3 ])
  (builtins.elemAt [ 5 2 (-2) (-6) 5 6 3 ] 6)
  ([ 5 2 (-2) (-6) 5 6 3 ] == [ 5 2 (-2) (-6) 5 6 3 ])
  (builtins.tail [ 5 2 (-2) (-6) 5 6 3 ])
  (builtins.sort (a: b: a < b) [ 5 2 (-2) (-6) 5 6 3 ])
]
