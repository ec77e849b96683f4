# nix: rejects
import ./no-such-file.nix
