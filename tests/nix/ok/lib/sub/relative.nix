{ value = (import ../values.nix).n + 1; text = builtins.readFile ../../data/hello.txt; here = baseNameOf ./.; }
