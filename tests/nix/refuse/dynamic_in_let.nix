# nix: rejects
let k = "a"; in let ${k} = 1; in a
