[ (builtins ? map) (builtins ? nope) (builtins.isAttrs builtins) (builtins.true) (builtins.null) ]
