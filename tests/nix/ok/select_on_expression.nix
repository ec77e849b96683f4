[ ({ a = 1; }.a) ((x: { b = x; }) 2).b ((import ./lib/values.nix).n) ]
