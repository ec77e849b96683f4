# nix: rejects
{ a = 1; b = throw "boom: ${toString 42}"; }
