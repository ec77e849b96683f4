# A stand-in for nixpkgs, for evaluating generated Nix with nix-instantiate
# (the tests run offline, without nixpkgs). Packages are derivation-shaped attrsets
# whose name is their attribute path; builders take exactly the formal
# arguments of the real ones (no `...`, so a misspelt or foreign argument is
# an evaluation error, as with nixpkgs) and keep them in `stubArgs`.
let
  drv = name: {
    type = "derivation";
    inherit name;
    pname = name;
    outPath = "/nix/store/00000000000000000000000000000000-${name}";
  };
  built = name: args: drv name // { stubArgs = args; };
  packages = names: builtins.listToAttrs (map (n: { name = n; value = drv n; }) names);
in
packages [
  "bash" "bashInteractive" "coreutils" "jq" "cacert" "tailscale" "syncthing" "zed-editor"
  "code-server" "zsh" "fish" "git" "curl" "ripgrep" "fd" "rustup" "gcc" "pkg-config"
  "python3" "uv" "neovim" "systemd" "vscode" "gzip" "which" "wget" "openssh"
  "util-linux" "e2fsprogs" "xfsprogs" "quota"
]
// {
  _1password-cli = drv "1password-cli" // { name = "1password-cli-2.32.0"; pname = "1password-cli"; };
  # The podman of the harness's guest (Debian 13).
  podman = drv "podman" // { version = "5.4.2"; };
  openssl = drv "openssl" // { dev = drv "openssl.dev"; };
  python3Packages = { ipython = drv "python3Packages.ipython"; };

  stubDrv = drv;

  # pkgs/build-support/trivial-builders
  runCommand = name: env: buildCommand: built name { inherit name env buildCommand; };
  writeShellScript = name: text: built name { inherit name text; };
  # The formal arguments of nixpkgs' writeShellApplication.
  writeShellApplication =
    { name, text, runtimeInputs ? [ ], runtimeEnv ? null, meta ? { }, passthru ? { }
    , checkPhase ? null, excludeShellChecks ? [ ], extraShellCheckFlags ? [ ]
    , bashOptions ? [ "errexit" "nounset" "pipefail" ], derivationArgs ? { }, inheritPath ? true }@args:
    built name args;
  writeTextFile =
    { name, text, executable ? false, destination ? "", checkPhase ? "", meta ? { }
    , passthru ? { }, allowSubstitutes ? false, preferLocalBuild ? true, derivationArgs ? { } }@args:
    built name args;

  dockerTools = {
    # The formal arguments of streamLayeredImage (which buildLayeredImage passes
    # its arguments to) in current nixpkgs, pkgs/build-support/docker/default.nix.
    buildLayeredImage =
      { name, tag ? null, fromImage ? null, contents ? [ ], config ? { }
      , architecture ? "amd64", created ? "1970-01-01T00:00:01Z", mtime ? "1970-01-01T00:00:01Z"
      , uid ? 0, gid ? 0, uname ? "root", gname ? "root", maxLayers ? 100
      , extraCommands ? "", fakeRootCommands ? "", enableFakechroot ? false
      , includeStorePaths ? true, includeNixDB ? false, passthru ? { }, meta ? { }
      , layeringPipeline ? null, debug ? false }@args:
      assert maxLayers > 1;
      built "${baseNameOf name}.tar.gz" args;
    # pkgs/by-name/fa/fakeNss/package.nix: overridable with exactly these.
    fakeNss = drv "fake-nss" // {
      override = { extraPasswdLines ? [ ], extraGroupLines ? [ ] }@args: built "fake-nss" args;
    };
  };
}
