let mk = name: { inherit name; home = "/home/${name}"; }; in { a = mk "a"; b = mk "b"; }
