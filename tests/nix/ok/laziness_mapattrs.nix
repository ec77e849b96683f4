builtins.attrNames (builtins.mapAttrs (n: v: throw "x") { a = 1; b = 2; })
