let a = import ../sub/mutual-a.nix; in { y = "b.y"; fromA = a.x; }
