{
  images.base = { };
  containers.coal-dev.owner = "coal";
  # A typo of Europe/Berlin: systemd refuses it and the cleanup timer never loads.
  cleanup.onCalendar = "*-*-* 00:00 Europe/Berlim";
}
