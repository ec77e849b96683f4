{
  images.base = { };
  containers.coal-dev = {
    owner = "coal";
    # 1.1 MB: quadlet writes it into ExecStart=, past systemd's 1 MiB line limit.
    env.BLOB = builtins.concatStringsSep "" (builtins.genList (_: "0123456789") 110000);
    env.SMALL = "x";
  };
}
