# nix: rejects
import <nixpkgs> { }
