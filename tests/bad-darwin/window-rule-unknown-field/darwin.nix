{ pkgs, ... }:
{
  hosts.mac = {
    user = "coal";
    aerospace = {
      onWindowDetected = [ { app-id = "com.apple.Terminal"; run = "layout floating"; } ];
    };
  };
}
