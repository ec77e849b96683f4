{ n = 7; list = [ 1 2 ]; s = "v"; }
