# A spec whose image env holds every character Nix strings treat specially
# (tests/nix_artifacts.rs: the generated image must give back exactly these).
{
  users.users.quill = {
    uid = 1500;
    devbox.containers.enable = true;
  };
}
