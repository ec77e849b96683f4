{
  images.base = { };
  containers.coal-dev.owner = "coal";
  cleanup = {
    onCalendar = 3;
    randomizedDelay = null;
  };
}
