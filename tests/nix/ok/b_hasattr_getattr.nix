let s = { a = 1; }; in [ (builtins.hasAttr "a" s) (builtins.hasAttr "b" s) (builtins.getAttr "a" s) ]
