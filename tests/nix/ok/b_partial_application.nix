let m = builtins.map (x: x + 1); f = builtins.foldl' builtins.add; in [ (m [ 1 2 ]) (f 0 [ 1 2 3 ]) ]
