# nix: accepts
"${./cycle/a.nix}"
