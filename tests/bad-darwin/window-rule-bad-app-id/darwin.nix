{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      onWindowDetected = [
        { appId = "Google Chrome"; run = "layout float"; }
      ];
    };
  };
}
