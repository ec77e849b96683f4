name: { inherit name; home = "/home/${name}"; }
