# A stand-in for nixpkgs for the end-to-end harness. Nothing is built here:
# every package and every builder result is a store-path-shaped value whose
# outPath, when used, reports (builtins.trace, one JSON line on stderr) what
# it is; scripts/e2e/install.py then materialises exactly the used ones in
# the guest: packages as bin/ directories of the guest's Debian binaries,
# builders with nixpkgs' semantics (writeShellApplication's PATH line, …).
# `names`: the `pkgs.<attr path>` the generated tree mentions.
{ names }:
let
  report = kind: name: args:
    let
      hash = builtins.substring 0 32 (builtins.hashString "sha256" (builtins.toJSON { inherit kind name args; }));
      path = "/nix/store/${hash}-${name}";
    in
    builtins.trace ("devbox-e2e-drv " + builtins.toJSON { inherit kind name path args; }) path;
  built = kind: name: args: { inherit name; pname = name; outPath = report kind name args; };
  pkg = attrPath: {
    name = attrPath;
    pname = attrPath;
    outPath = report "package" attrPath { };
  };
  # "a.b.c" -> { a = pkg "a" // { b = pkg "a.b" // { c = pkg "a.b.c"; }; }; }
  split = s: builtins.filter builtins.isString (builtins.split "\\." s);
  tree = prefix: paths:
    let
      heads = builtins.foldl' (acc: p: if builtins.elem (builtins.head p) acc then acc else acc ++ [ (builtins.head p) ]) [ ] paths;
      sub = h: map builtins.tail (builtins.filter (p: builtins.head p == h && builtins.length p > 1) paths);
      full = h: if prefix == "" then h else "${prefix}.${h}";
    in
    builtins.listToAttrs (map (h: { name = h; value = pkg (full h) // tree (full h) (sub h); }) heads);
  packages = tree "" (map split (names ++ [ "bash" "coreutils" "findutils" "gnugrep" "gnused" "systemd" "podman" ]));
in
packages // rec {
  runtimeShell = "${packages.bash}/bin/bash";
  stdenv.shell = runtimeShell;

  # pkgs/build-support/trivial-builders
  runCommand = name: env: buildCommand: built "runCommand" name { inherit env buildCommand; };
  runCommandLocal = runCommand;
  writeTextFile = { name, text, executable ? false, destination ? "", checkPhase ? "", ... }:
    built "writeTextFile" name { inherit text executable destination; };
  writeText = name: text: writeTextFile { inherit name text; };
  writeScript = name: text: writeTextFile { inherit name text; executable = true; };
  writeShellScript = name: text: writeTextFile {
    inherit name;
    executable = true;
    text = "#!${runtimeShell}\n${text}";
  };
  writeShellScriptBin = name: text: writeTextFile {
    inherit name;
    executable = true;
    destination = "/bin/${name}";
    text = "#!${runtimeShell}\n${text}";
  };
  # nixpkgs' writeShellApplication: the shebang, errexit/nounset/pipefail and
  # PATH = runtimeInputs' bin directories before the caller's PATH.
  writeShellApplication = { name, text, runtimeInputs ? [ ], runtimeEnv ? null, bashOptions ? [ "errexit" "nounset" "pipefail" ], ... }:
    writeTextFile {
      inherit name;
      executable = true;
      destination = "/bin/${name}";
      text = "#!${runtimeShell}\n"
        + builtins.concatStringsSep "" (map (o: "set -o ${o}\n") bashOptions)
        + (if runtimeInputs == [ ] then "" else
          "\nexport PATH=\"${builtins.concatStringsSep ":" (map (p: "${p}/bin") runtimeInputs)}:$PATH\"\n")
        + "\n${text}\n";
    };
  symlinkJoin = { name, paths, ... }: built "symlinkJoin" name { inherit paths; };

  dockerTools = {
    buildLayeredImage = { name, tag ? null, contents ? [ ], config ? { }, extraCommands ? ""
      , fakeRootCommands ? "", maxLayers ? 100, ... }:
      built "image" "${baseNameOf name}.tar" { inherit name tag contents config extraCommands fakeRootCommands; };
    fakeNss = pkg "fakeNss" // {
      override = { extraPasswdLines ? [ ], extraGroupLines ? [ ] }:
        built "fakeNss" "fake-nss" { inherit extraPasswdLines extraGroupLines; };
    };
  };
}
