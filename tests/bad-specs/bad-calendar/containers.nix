{
  images.base = { };
  containers.coal-dev.owner = "coal";
  cleanup.onCalendar = "every night";
}
