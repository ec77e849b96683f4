[
  ([ (-5) 2 1 3 ] == [ (-5) 2 1 3 ])
  (builtins.listToAttrs (map (x: { name = toString x; value = x; }) [ (-5) 2 1 3 ]))
  (builtins.length [ (-5) 2 1 3 ])
  (builtins.concatStringsSep "," (map toString [ (-5) 2 1 3 ]))
]
