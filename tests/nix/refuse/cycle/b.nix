# part of import_cycle
(import ./a.nix) // { b = 1; }
