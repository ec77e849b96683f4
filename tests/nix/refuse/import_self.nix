# nix: rejects
(import ./import_self.nix) // { }
