{
  description = "Dev containers on two NixOS servers and a Mac, from one devbox spec";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.11";
    nix-darwin = {
      url = "github:nix-darwin/nix-darwin/nix-darwin-25.11";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    home-manager = {
      url = "github:nix-community/home-manager/release-25.11";
      inputs.nixpkgs.follows = "nixpkgs";
    };
  };

  outputs =
    {
      nixpkgs,
      nix-darwin,
      home-manager,
      ...
    }:
    let
      # `devbox-gen render ./spec --out ./generated`, committed beside the spec.
      generated = import ./generated;

      # A server of spec/containers.nix: its own configuration, the team's
      # accounts, and its module of the tree (its containers only).
      server =
        name:
        nixpkgs.lib.nixosSystem {
          system = "x86_64-linux";
          modules = [
            (./hosts + "/${name}.nix")
            ./spec/users.nix
            generated.nixosModules.${name}
            {
              devbox.enable = true;
              # A root-only file on the server (sops-nix, agenix, or by hand).
              devbox.opTokenFile = "/run/secrets/devbox-op-token";
            }
          ];
        };
    in
    {
      # Deploy one with `nixos-rebuild switch --flake .#build --target-host root@build`
      # (docs/deployment.md of devbox-gen: deploy-rs and colmena too).
      nixosConfigurations = nixpkgs.lib.genAttrs [
        "build"
        "gpu-box"
      ] server;

      # `darwin-rebuild switch --flake .#alice-mbp` on the Mac.
      darwinConfigurations = generated.darwinConfigurations { inherit nix-darwin home-manager; };
    };
}
