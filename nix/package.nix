# The devbox-gen binary, built from Cargo.lock with nixpkgs' rustPlatform.
#
#   pkgs.callPackage ./nix/package.nix { }                      # what packages.<system>.default is
#   pkgs.callPackage ./nix/package.nix { doCheck = true; … }    # checks.<system>.tests
#
# The package itself does not run the test suite (doCheck = false): `nix run` and the
# overlay should not wait for it, and most of its checks need validators that are not
# in a Nix sandbox (podman's quadlet, systemd-analyze, pre-commit, nix-instantiate with
# a dummy store). `checks.<system>.tests` builds it again with the tests on, shellcheck
# and python3 as nativeCheckInputs; the tests whose validator is missing there print
# `SKIPPED:` and return. The full run, with every validator, is this repository's CI
# (`.ci/run`).
{
  lib,
  rustPlatform,
  doCheck ? false,
  nativeCheckInputs ? [ ],
}:
let
  cargoToml = lib.importTOML ../Cargo.toml;
  # Only what `cargo build` reads, so a change to the docs, the tests or flake.nix does
  # not rebuild the binary. `templates/` is embedded with include_str!.
  # (tests/suite/flake.rs checks that every include_str!/include_bytes! in src/ stays inside.)
  buildFiles = lib.fileset.unions [
    ../Cargo.toml
    ../Cargo.lock
    ../src
    ../templates
    (lib.fileset.maybeMissing ../benches)
  ];
  # The test suite reads the examples, its own fixtures and snapshots, and the
  # repository files it checks (flake.nix, .pre-commit-hooks.yaml, scripts/, …).
  testFiles = lib.fileset.difference ../. (lib.fileset.maybeMissing ../target);
in
rustPlatform.buildRustPackage {
  pname = cargoToml.package.name;
  inherit (cargoToml.package) version;

  src = lib.fileset.toSource {
    root = ../.;
    fileset = if doCheck then testFiles else buildFiles;
  };
  cargoLock.lockFile = ../Cargo.lock;

  inherit doCheck nativeCheckInputs;
  # A snapshot that differs fails instead of writing `.snap.new`.
  env.INSTA_UPDATE = "no";

  meta = {
    inherit (cargoToml.package) description;
    license = lib.licenses.mit;
    mainProgram = "devbox-gen";
    platforms = lib.platforms.unix;
  };
}
