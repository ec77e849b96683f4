let a = 1; b = "two"; in { inherit a b; c = 3; }
