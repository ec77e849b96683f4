{
  images.base = { };
  # `0m` would mean "never" to the cleanup script; `null` says that.
  containers.coal-dev = {
    owner = "coal";
    idle.stopAfter = "0m";
  };
  # Past what systemd's RandomizedDelaySec= can hold (microseconds in 64 bits).
  cleanup.randomizedDelay = "30000000000w";
}
