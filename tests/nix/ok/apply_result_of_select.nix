let lib = { f = x: x + 1; }; in lib.f 1
