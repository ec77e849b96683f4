{
  _z."10" = { d.d = "s"; c = { "9" = 1; x-y = "s"; }; c.b = null; c.e = [ 1 2 ]; };
  _z = { _z = null; };
}
