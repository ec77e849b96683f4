# Evaluates a flake's `outputs` against the stub inputs of ./flake-inputs.nix and
# summarises the result as JSON-able data for tests/suite/flake.rs:
#
#   nix-instantiate --store dummy:// --eval --strict --json \
#     --arg flakeDir /path/to/repo tests/nix-stubs/eval-flake.nix
#
# `self` is the outputs themselves (a fixpoint, as Nix passes it) plus an outPath.
# Paths are given relative to flakeDir.
{ flakeDir }:
let
  inherit (builtins)
    attrNames
    mapAttrs
    stringLength
    substring
    ;
  flake = import (flakeDir + "/flake.nix");
  stubs = import ./flake-inputs.nix;
  self = outputs // {
    outPath = toString flakeDir;
  };
  outputs = flake.outputs {
    inherit self;
    inherit (stubs) nixpkgs;
  };

  root = toString flakeDir;
  rel =
    p:
    let
      s = toString p;
      prefix = "${root}/";
      n = stringLength prefix;
    in
    if s == root then
      "."
    else if substring 0 n s == prefix then
      substring n (stringLength s - n) s
    else
      s;

  names = map (d: d.name);

  rustPackage = p: {
    kind = p._stub;
    inherit (p) name system;
    # Not `outPath`: --json would print a set with one as that string alone.
    out = p.outPath;
    inherit (p.args) pname version;
    srcKind = p.args.src._stub;
    srcInclude = map rel p.args.src.include;
    srcExclude = map rel p.args.src.exclude;
    cargoLock = rel p.args.cargoLock.lockFile;
    # buildRustPackage runs the tests unless told not to.
    doCheck = p.args.doCheck or true;
    nativeCheckInputs = names (p.args.nativeCheckInputs or [ ]);
    instaUpdate = p.args.env.INSTA_UPDATE or null;
    mainProgram = p.args.meta.mainProgram or null;
    license = p.args.meta.license.spdxId or null;
  };

  check =
    c:
    if c._stub == "buildRustPackage" then
      rustPackage c
    else
      {
        kind = c._stub;
        inherit (c) name system;
        script = c.script or null;
        nativeBuildInputs = names (c.env.nativeBuildInputs or [ ]);
        buildInputOutPaths = map (d: d.outPath) (c.env.nativeBuildInputs or [ ]);
      };

  overlayBase = stubs.pkgsFor "x86_64-linux";
  overlaid = overlayBase // outputs.overlays.default overlaid overlayBase;
in
{
  inherit (flake) description;
  inputs = mapAttrs (_: i: { url = i.url or null; }) flake.inputs;
  outputNames = attrNames outputs;
  packages = mapAttrs (_: mapAttrs (_: rustPackage)) outputs.packages;
  apps = mapAttrs (
    _:
    mapAttrs (
      _: a: {
        inherit (a) type program;
        description = a.meta.description or null;
      }
    )
  ) outputs.apps;
  checks = mapAttrs (_: mapAttrs (_: check)) outputs.checks;
  devShells = mapAttrs (
    _:
    mapAttrs (
      _: s: {
        kind = s._stub;
        inherit (s) system;
        packages = names (s.args.packages or [ ]);
        rustSrcPath = s.args.RUST_SRC_PATH or null;
      }
    )
  ) outputs.devShells;
  templates = mapAttrs (_: t: {
    path = rel t.path;
    inherit (t) description;
    welcomeText = t.welcomeText or null;
  }) outputs.templates;
  overlay = {
    attrs = attrNames (outputs.overlays.default overlaid overlayBase);
    devbox-gen = rustPackage overlaid.devbox-gen;
  };
}
