[ (builtins.catAttrs "a" [ { a = 1; } { b = 2; } { a = 3; } ]) (builtins.functionArgs ({ x, y ? 1, ... }: x)) (builtins.functionArgs (x: x)) ]
