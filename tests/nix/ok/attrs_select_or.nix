let s = { a.b = 1; c = 5; }; in [ (s.a.b or 0) (s.a.x or 0) (s.x.y or "d") (s.c.d or "notset") (s.a or null) ]
