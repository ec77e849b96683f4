{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      onWindowDetected = [ { appId = "com.apple.Terminal"; } ];
    };
  };
}
