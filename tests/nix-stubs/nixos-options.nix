# Declarations of the NixOS options users files set, as nixpkgs and the usual
# flake modules declare them (types, defaults and the parts of their config
# that decide users' fields); each module is one upstream file.
{ pkgs }:
[
  # nixos/modules/config/users-groups.nix
  ({ config, lib, ... }:
    let
      inherit (lib) mkOption mkDefault mkIf mkMerge types;
      cfg = config.users;
      userOpts = { name, config, ... }: {
        options = {
          enable = mkOption { type = types.bool; default = true; };
          name = mkOption {
            type = types.passwdEntry types.str;
            apply = x: assert (builtins.stringLength x < 32 || abort "Username '${x}' is longer than 31 characters which is not allowed!"); x;
          };
          description = mkOption { type = types.passwdEntry types.str; default = ""; };
          uid = mkOption { type = types.nullOr types.int; default = null; };
          isSystemUser = mkOption { type = types.bool; default = false; };
          isNormalUser = mkOption { type = types.bool; default = false; };
          group = mkOption { type = types.str; default = ""; };
          extraGroups = mkOption { type = types.listOf types.str; default = [ ]; };
          home = mkOption { type = types.passwdEntry types.path; default = "/var/empty"; };
          homeMode = mkOption { type = types.strMatching "[0-7]{1,5}"; default = "700"; };
          shell = mkOption {
            type = types.nullOr (types.either types.shellPackage (types.passwdEntry types.path));
            default = pkgs.shadow;
          };
          ignoreShellProgramCheck = mkOption { type = types.bool; default = false; };
          autoSubUidGidRange = mkOption { type = types.bool; default = false; };
          createHome = mkOption { type = types.bool; default = false; };
          useDefaultShell = mkOption { type = types.bool; default = false; };
          hashedPassword = mkOption { type = types.nullOr (types.passwdEntry types.str); default = null; };
          password = mkOption { type = types.nullOr types.str; default = null; };
          hashedPasswordFile = mkOption { type = types.nullOr types.str; default = null; };
          initialHashedPassword = mkOption { type = types.nullOr (types.passwdEntry types.str); default = null; };
          initialPassword = mkOption { type = types.nullOr types.str; default = null; };
          packages = mkOption { type = types.listOf types.package; default = [ ]; };
          linger = mkOption { type = types.nullOr types.bool; default = null; };
        };
        config = mkMerge [
          {
            name = mkDefault name;
            shell = mkIf config.useDefaultShell (mkDefault cfg.defaultUserShell);
          }
          (mkIf config.isNormalUser {
            group = mkDefault "users";
            createHome = mkDefault true;
            home = mkDefault "${cfg.defaultUserHome}/${config.name}";
            useDefaultShell = mkDefault true;
            isSystemUser = mkDefault false;
          })
          (mkIf config.isNormalUser { autoSubUidGidRange = mkDefault true; })
        ];
      };
      groupOpts = { name, ... }: {
        options = {
          name = mkOption { type = types.passwdEntry types.str; };
          gid = mkOption { type = types.nullOr types.int; default = null; };
          members = mkOption { type = types.listOf (types.passwdEntry types.str); default = [ ]; };
        };
        config.name = mkDefault name;
      };
    in
    {
      options.users = {
        mutableUsers = mkOption { type = types.bool; default = true; };
        defaultUserHome = mkOption { type = types.str; default = "/home"; };
        users = mkOption {
          default = { };
          type = types.attrsOf (types.submodule userOpts);
          description = "Additional user accounts to be created automatically by the system.";
        };
        groups = mkOption {
          default = { };
          type = types.attrsOf (types.submodule groupOpts);
          description = "Additional groups to be created automatically by the system.";
        };
      };
    })

  # nixos/modules/programs/shadow.nix
  ({ lib, ... }: {
    options.users.defaultUserShell = lib.mkOption {
      type = lib.types.either lib.types.path lib.types.shellPackage;
      default = pkgs.bashInteractive;
      description = "This option defines the default shell assigned to user accounts.";
    };
  })

  # nixos/modules/services/networking/ssh/sshd.nix: extends the users.users
  # submodule, as the generated module does.
  ({ lib, ... }: {
    options.users.users = lib.mkOption {
      type = lib.types.attrsOf (lib.types.submodule {
        options.openssh.authorizedKeys = {
          keys = lib.mkOption { type = lib.types.listOf lib.types.singleLineStr; default = [ ]; };
          keyFiles = lib.mkOption { type = lib.types.listOf lib.types.path; default = [ ]; };
        };
      });
    };
  })

  # nixos/modules/misc/ids.nix
  ({ lib, ... }: {
    options.ids.uids = lib.mkOption { type = lib.types.attrsOf lib.types.int; default = { }; };
    options.ids.gids = lib.mkOption { type = lib.types.attrsOf lib.types.int; default = { }; };
  })

  # nixos/modules/services/misc/gitea.nix (the part users files read)
  ({ lib, ... }: {
    options.services.gitea.enable = lib.mkEnableOption "Gitea";
  })

  # sops-nix modules/sops: secrets decrypted to /run/secrets, or
  # /run/secrets-for-users for those needed before users exist.
  ({ lib, ... }: {
    options.sops.secrets = lib.mkOption {
      default = { };
      type = lib.types.attrsOf (lib.types.submodule ({ name, config, ... }: {
        options = {
          name = lib.mkOption { type = lib.types.str; default = name; };
          neededForUsers = lib.mkOption { type = lib.types.bool; default = false; };
          owner = lib.mkOption { type = lib.types.nullOr lib.types.str; default = null; };
          path = lib.mkOption {
            type = lib.types.str;
            default = if config.neededForUsers then "/run/secrets-for-users/${name}" else "/run/secrets/${name}";
          };
        };
      }));
    };
  })

  # agenix modules/age.nix
  ({ lib, ... }: {
    options.age.secrets = lib.mkOption {
      default = { };
      type = lib.types.attrsOf (lib.types.submodule ({ name, ... }: {
        options = {
          file = lib.mkOption { type = lib.types.path; };
          owner = lib.mkOption { type = lib.types.str; default = "0"; };
          mode = lib.mkOption { type = lib.types.str; default = "0400"; };
          path = lib.mkOption { type = lib.types.str; default = "/run/agenix/${name}"; };
        };
      }));
    };
  })

  # home-manager nixos/default.nix (each user's home as an opaque module here)
  ({ lib, ... }: {
    options.home-manager = {
      useGlobalPkgs = lib.mkOption { type = lib.types.bool; default = false; };
      useUserPackages = lib.mkOption { type = lib.types.bool; default = false; };
      users = lib.mkOption { type = lib.types.attrsOf lib.types.anything; default = { }; };
    };
  })
]
