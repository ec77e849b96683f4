# nix: accepts
import ../ok/lib/values.nix
