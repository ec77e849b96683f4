let
  double = n: s: if n == 0 then s else double (n - 1) (s + s);
  mib = double 20 "x";
in
{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    env.X = builtins.concatStringsSep "," (builtins.genList (_: mib) 100000);
  };
}
