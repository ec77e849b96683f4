{ images.base = { };
  containers = {
    alice-dev.owner = "alice";  };
}
