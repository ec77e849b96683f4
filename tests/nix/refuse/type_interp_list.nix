# nix: rejects
"${[ 1 ]}"
