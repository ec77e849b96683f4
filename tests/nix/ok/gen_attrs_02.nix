rec {
  c.c = { a.d = true; a.c = 2.5; a.a = 1; a."9" = null; k1.e = 2.5; "9".x-y = 1; "9".c = [ 1 2 ]; };
  c.d.a = "s";
  c."9" = { _z = null; x-y = [ 1 2 ]; d = 2.5; };
}
