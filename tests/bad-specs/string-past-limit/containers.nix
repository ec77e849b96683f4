let
  # 2^40 bytes if nothing stopped it: the process would abort out of memory.
  double = n: s: if n == 0 then s else double (n - 1) (s + s);
in
{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    env.X = double 40 "x";
  };
}
