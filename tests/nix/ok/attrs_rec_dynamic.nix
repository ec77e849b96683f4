rec { x = "k"; ${x} = 1; y = x; }
