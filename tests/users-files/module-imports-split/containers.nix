{ images.base = { };
  containers = {
    alice-dev.owner = "alice";
    bob-dev.owner = "bob";  };
}
