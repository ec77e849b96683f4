{
  images.base = { };
  containers.coal-dev.owner = "coal";
  cleanup.onCalendar = "Mon..Fri 25:00";
}
