# nix: rejects
let uid = 999; in assert uid >= 1000; uid
