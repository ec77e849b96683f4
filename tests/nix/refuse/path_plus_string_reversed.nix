# nix: accepts
"prefix-" + ./cycle/a.nix
