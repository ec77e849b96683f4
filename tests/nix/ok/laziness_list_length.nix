builtins.length [ 1 (throw "x") (abort "y") ]
