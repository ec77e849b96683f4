{
  images.base.packages = builtins.genList (_: "git") 100000000;
  containers.coal-dev.owner = "coal";
}
