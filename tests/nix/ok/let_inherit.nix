let s = { x = 1; }; in let inherit (s) x; y = x + 1; in [ x y ]
