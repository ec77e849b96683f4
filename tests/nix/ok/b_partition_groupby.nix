[ (builtins.partition (x: x > 2) [ 1 3 2 4 ]) (builtins.groupBy (s: builtins.substring 0 1 s) [ "apple" "avocado" "banana" ]) ]
