[
  ([  ] ++ [ 3 ])
  (builtins.concatStringsSep "," (map toString [  ]))
  (builtins.listToAttrs (map (x: { name = toString x; value = x; }) [  ]))
  (map (x: x * 3) [  ])
  (builtins.foldl' (a: b: a + b) 3 [  ])
  (builtins.concatLists [ [  ] [  ] ])
  (builtins.filter (x: x > 1) [  ])
  (builtins.genList (i: i * 3) 0)
  (builtins.sort (a: b: a > b) [  ])
  (builtins.elem 3 [  ])
  (builtins.sort (a: b: a < b) [  ])
]
