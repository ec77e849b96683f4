# nix: rejects
let uid = 1000; in "uid=${uid}"
