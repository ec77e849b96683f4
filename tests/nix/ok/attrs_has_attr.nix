let s = { a.b = 1; c = 5; }; in [ (s ? a) (s ? a.b) (s ? a.x) (s ? c.d) (s ? "a") (s ? ${"c"}) ({} ? a) (1 ? a) ]
