let s = { }; in s.a.b.c or (1 + 1)
