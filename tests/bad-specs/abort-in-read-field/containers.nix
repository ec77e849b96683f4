{
  images.base = { };
  containers.coal-dev.owner = abort "who owns this?";
}
