let
  mkUser = name: uid: { inherit uid; description = "User ${name}"; shell = "zsh"; containers.enable = true; };
  keys = { alice = [ "ssh-ed25519 AAAAC3Nza alice@laptop" ]; };
in {
  users = {
    alice = mkUser "alice" 1000 // { sshKeys = keys.alice; };
    bob = mkUser "bob" 1001 // { containers = { enable = true; max = 2; }; };
  };
  containers.opVault = "DevBox";
}
