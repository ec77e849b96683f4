rec {
  d = null;
  "9".e = { b = { d = null; k1 = 2.5; }; b."9" = true; b."10" = null; "9" = null; c = 2.5; };
}
