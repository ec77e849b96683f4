[ (builtins.elem 2 [ 1 2 3 ]) (builtins.elem "x" [ ]) (builtins.elem { a = 1; } [ { a = 1; } ]) (builtins.elem 1 [ 1.0 ]) ]
