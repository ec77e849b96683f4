# nix: rejects
import ./cycle/a.nix
