{
  images.base = {
    tga = "v1";
    user.hmoe = "/home/dev";
    editors.vscode = true;
  };
  containers.coal-dev.owner = "coal";
}
