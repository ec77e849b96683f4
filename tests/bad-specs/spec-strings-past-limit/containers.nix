let
  double = n: s: if n == 0 then s else double (n - 1) (s + s);
  # One shared 1 MiB string in the evaluator, copied 100,000 times by the model.
  mib = double 20 "a";
in
{
  images.base.packages = builtins.genList (_: mib) 100000;
  containers.coal-dev.owner = "coal";
}
