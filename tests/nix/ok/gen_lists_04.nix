[
  (builtins.length [ 1 (-3) (-9) (-6) 4 (-7) 2 ])
  (builtins.elem 2 [ 1 (-3) (-9) (-6) 4 (-7) 2 ])
  (builtins.listToAttrs (map (x: { name = toString x; value = x; }) [ 1 (-3) (-9) (-6) 4 (-7) 2 ]))
  (builtins.concatLists [ [ 1 (-3) (-9) (-6) 4 (-7) 2 ] [ 1 (-3) (-9) (-6) 4 (-7) 2 ] ])
  (builtins.concatStringsSep "," (map toString [ 1 (-3) (-9) (-6) 4 (-7) 2 ]))
  (builtins.sort (a: b: a > b) [ 1 (-3) (-9) (-6) 4 (-7) 2 ])
  (builtins.filter (x: x > 0) [ 1 (-3) (-9) (-6) 4 (-7) 2 ])
  (builtins.head [ 1 (-3) (-9) (-6) 4 (-7) 2 ])
]
