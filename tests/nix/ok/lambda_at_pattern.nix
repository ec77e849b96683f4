let f = args@{ a, ... }: [ a (builtins.attrNames args) ]; g = { a, ... }@args: args.b; in [ (f { a = 1; b = 2; }) (g { a = 1; b = "bee"; }) ]
