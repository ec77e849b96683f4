let b = import ../other/mutual-b.nix; in { x = "a.x"; fromB = b.y; }
