# nix: rejects
let user = { description = "x"; shell = "zsh"; }; in user.descripton
