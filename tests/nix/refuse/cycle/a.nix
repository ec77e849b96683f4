# part of import_cycle
import ./b.nix
