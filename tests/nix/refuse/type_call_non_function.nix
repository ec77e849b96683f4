# nix: rejects
let n = 1; in n 2
