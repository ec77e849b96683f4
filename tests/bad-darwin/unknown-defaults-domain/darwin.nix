{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    defaults.doc.autohide = true;
  };
}
