{ images.base = { };
  containers = {
    bob-dev.owner = "bob";  };
}
