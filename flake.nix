{
  description = "devbox-gen: compile a static Nix spec into Podman Quadlet units, systemd timers and Nix modules";

  # nixos-25.11: rustc 1.91 (Cargo.toml wants >= 1.89). flake.lock pins the revision;
  # `nix flake update` moves it.
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.11";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "x86_64-darwin"
        "aarch64-darwin"
      ];
      forAllSystems = f: lib.genAttrs systems (system: f system nixpkgs.legacyPackages.${system});

      # Every directory under examples/ is a spec with its own regeneration check.
      examples = builtins.attrNames (
        lib.filterAttrs (_: type: type == "directory") (builtins.readDir ./examples)
      );
    in
    {
      # nix flake init -t github:OWNER/devbox-gen: a spec with two NixOS servers and
      # a Mac, and the flake that deploys them (docs/deployment.md).
      templates.default = {
        path = ./nix/template;
        description = "A devbox spec with two NixOS servers and a Mac, deployed from one flake";
        welcomeText = ''
          Render the tree, then deploy each server:
            nix run github:OWNER/devbox-gen -- render ./spec --out ./generated
            nixos-rebuild switch --flake .#build --target-host root@build
        '';
      };

      overlays.default = final: _prev: {
        devbox-gen = final.callPackage ./nix/package.nix { };
      };

      packages = forAllSystems (
        _system: pkgs: rec {
          devbox-gen = pkgs.callPackage ./nix/package.nix { };
          default = devbox-gen;
        }
      );

      # nix run github:OWNER/devbox-gen -- render ./spec --out ./generated
      apps = forAllSystems (
        system: _pkgs:
        let
          app = {
            type = "app";
            program = "${self.packages.${system}.devbox-gen}/bin/devbox-gen";
            meta.description = "Render a devbox spec into its generated tree (render SPEC --out DIR [--check])";
          };
        in
        {
          default = app;
          devbox-gen = app;
        }
      );

      checks = forAllSystems (
        system: pkgs:
        let
          devbox-gen = self.packages.${system}.devbox-gen;
          # The regeneration check of one example: render, a second render writes nothing,
          # --check is clean and quiet, two renders give the same bytes, a hand edit is
          # reported stale with a diff (nix/check-example.sh).
          exampleCheck =
            name:
            pkgs.runCommand "devbox-gen-example-${name}"
              {
                nativeBuildInputs = [ devbox-gen ];
              }
              ''
                bash ${./nix/check-example.sh} ${./examples}/${name} "$TMPDIR/${name}"
                touch "$out"
              '';
        in
        {
          # The package builds (tests off, as in packages.default).
          inherit devbox-gen;
          # The test suite, with the validators a sandbox can have.
          tests = pkgs.callPackage ./nix/package.nix {
            doCheck = true;
            nativeCheckInputs = [
              pkgs.shellcheck
              pkgs.python3
            ];
          };
        }
        // lib.listToAttrs (
          map (name: {
            name = "example-${name}";
            value = exampleCheck name;
          }) examples
        )
      );

      devShells = forAllSystems (
        _system: pkgs: {
          default = pkgs.mkShell {
            packages = [
              pkgs.cargo
              pkgs.rustc
              pkgs.clippy
              pkgs.rustfmt
              pkgs.rust-analyzer
              pkgs.cargo-insta
              pkgs.nix
              pkgs.shellcheck
              pkgs.podman
              pkgs.pre-commit
              pkgs.python3
              pkgs.git
            ];
            RUST_SRC_PATH = "${pkgs.rustPlatform.rustLibSrc}";
          };
        }
      );
    };
}
