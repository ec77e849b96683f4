{
  images.base = {
    tag = 1;
    packages = "git";
    maxLayers = "100";
    user = "dev";
    env = [ "LANG=C" ];
    editors = true;
  };
  images.rust = {
    packages = [ 42 ];
    user = {
      name = 1000;
      uid = "1000";
      home = ./home;
    };
    env.LANG = 1;
    editors = {
      zed = "yes";
      codeServer = 1;
    };
  };
  containers.coal-dev = {
    owner = "coal";
    image = "base";
  };
}
