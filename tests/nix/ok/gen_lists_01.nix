[
  (builtins.elem 2 [ 0 (-9) (-5) (-9) 2 ])
  (builtins.concatStringsSep "," (map toString [ 0 (-9) (-5) (-9) 2 ]))
  ([ 0 (-9) (-5) (-9) 2 ] ++ [ 2 ])
  (builtins.sort (a: b: a < b) [ 0 (-9) (-5) (-9) 2 ])
  (builtins.concatLists [ [ 0 (-9) (-5) (-9) 2 ] [ 0 (-9) (-5) (-9) 2 ] ])
  (builtins.tail [ 0 (-9) (-5) (-9) 2 ])
  (builtins.sort (a: b: a > b) [ 0 (-9) (-5) (-9) 2 ])
  (builtins.filter (x: x > 0) [ 0 (-9) (-5) (-9) 2 ])
  (builtins.elemAt [ 0 (-9) (-5) (-9) 2 ] 4)
  (builtins.length [ 0 (-9) (-5) (-9) 2 ])
]
