[ (builtins.genList (i: i * i) 5) (builtins.genList (i: "x") 0) ]
