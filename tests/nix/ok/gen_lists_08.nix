[
  (builtins.sort (a: b: a < b) [  ])
  (builtins.elem 2 [  ])
  (builtins.sort (a: b: a > b) [  ])
  (builtins.concatStringsSep "," (map toString [  ]))
  (builtins.length [  ])
  (builtins.genList (i: i * 2) 0)
  (builtins.filter (x: x > 0) [  ])
  ([  ] ++ [ 2 ])
  (builtins.foldl' (a: b: a + b) 2 [  ])
  (builtins.listToAttrs (map (x: { name = toString x; value = x; }) [  ]))
]
