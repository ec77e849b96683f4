# Stub flake inputs for evaluating flake.nix's `outputs` without nixpkgs (no flake can
# be fetched or built offline). Used by tests/nix-stubs/eval-flake.nix.
#
# `nixpkgs` has the parts of nixpkgs flake.nix and nix/package.nix use, each returning an
# attribute set that records its arguments (`_stub` names the function) and an `outPath`
# under /nix/store, so `"${drv}/bin/x"` works and the test can inspect what was asked for.
# The `lib` functions behave like nixpkgs' (same results on the inputs used here), with
# their errors where a real flake would fail: `lib.fileset.unions` of a missing path,
# `toSource` of a file outside its root, `callPackage` of a function missing an argument.
let
  inherit (builtins)
    attrNames
    concatMap
    filter
    functionArgs
    hashString
    intersectAttrs
    isAttrs
    isFunction
    listToAttrs
    pathExists
    stringLength
    substring
    ;

  systems = [
    "x86_64-linux"
    "aarch64-linux"
    "x86_64-darwin"
    "aarch64-darwin"
  ];

  # A store path whose hash part depends on `key` (what distinguishes two derivations
  # of the same name: the system, the function, its salient arguments).
  storePath = key: name: "/nix/store/${substring 0 32 (hashString "sha256" "${key}/${name}")}-${name}";

  # A derivation stand-in: `kind` is the nixpkgs function that made it.
  drv =
    kind: name: extra:
    extra
    // {
      _stub = kind;
      inherit name;
      outPath = storePath "${kind}/${extra.system or ""}/${extra._key or ""}" name;
    };

  hasPrefix = prefix: s: substring 0 (stringLength prefix) s == prefix;

  # A file set: absolute path strings to include and to exclude.
  fileset =
    let
      isFileset = x: isAttrs x && x ? _fileset;
      toFileset =
        x:
        if isFileset x then
          x
        else if pathExists x then
          {
            _fileset = true;
            include = [ (toString x) ];
            exclude = [ ];
          }
        else
          throw "lib.fileset: ${toString x} does not exist (use lib.fileset.maybeMissing)";
      empty = {
        _fileset = true;
        include = [ ];
        exclude = [ ];
      };
    in
    {
      unions =
        xs:
        let
          sets = map toFileset xs;
        in
        {
          _fileset = true;
          include = concatMap (s: s.include) sets;
          exclude = concatMap (s: s.exclude) sets;
        };
      maybeMissing = p: if pathExists p then toFileset p else empty;
      difference =
        a: b:
        let
          sa = toFileset a;
          sb = toFileset b;
        in
        {
          _fileset = true;
          inherit (sa) include;
          exclude = sa.exclude ++ sb.include;
        };
      toSource =
        { root, fileset }:
        let
          set = toFileset fileset;
          rootStr = toString root;
          outside = filter (p: !(p == rootStr || hasPrefix "${rootStr}/" p)) set.include;
        in
        if outside != [ ] then
          throw "lib.fileset.toSource: ${builtins.head outside} is outside the root ${rootStr}"
        else
          drv "fileset.toSource" "source" {
            root = rootStr;
            inherit (set) include exclude;
          };
    };

  lib = {
    inherit fileset;
    genAttrs = names: f: listToAttrs (map (n: { name = n; value = f n; }) names);
    filterAttrs =
      pred: set:
      listToAttrs (
        concatMap (
          name:
          if pred name set.${name} then
            [
              {
                inherit name;
                value = set.${name};
              }
            ]
          else
            [ ]
        ) (attrNames set)
      );
    inherit listToAttrs;
    importTOML = path: builtins.fromTOML (builtins.readFile path);
    licenses.mit = {
      spdxId = "MIT";
    };
    platforms.unix = systems;
  };

  # Plain packages flake.nix may name (devShell, nativeCheckInputs).
  packageNames = [
    "bash"
    "cargo"
    "cargo-insta"
    "clippy"
    "git"
    "nix"
    "podman"
    "pre-commit"
    "python3"
    "rust-analyzer"
    "rustc"
    "rustfmt"
    "shellcheck"
  ];

  pkgsFor =
    system:
    let
      pkgs =
        lib.genAttrs packageNames (n: drv "package" n { inherit system; })
        // {
          inherit lib;
          stdenv.hostPlatform.system = system;
          callPackage =
            fn: overrides:
            let
              f = if isFunction fn then fn else import fn;
            in
            f (intersectAttrs (functionArgs f) pkgs // overrides);
          rustPlatform = {
            buildRustPackage =
              args:
              drv "buildRustPackage" "${args.pname}-${args.version}" {
                inherit args system;
                _key = if args.doCheck or true then "with-tests" else "";
              };
            rustLibSrc = drv "package" "rust-lib-src" { inherit system; };
          };
          runCommand =
            name: env: script:
            drv "runCommand" name { inherit env script system; };
          mkShell = args: drv "mkShell" (args.name or "nix-shell") { inherit args system; };
        };
    in
    pkgs;
in
{
  inherit lib pkgsFor systems;
  nixpkgs = {
    inherit lib;
    legacyPackages = lib.genAttrs systems pkgsFor;
    outPath = storePath "nixpkgs" "source";
  };
}
