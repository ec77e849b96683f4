# The part of nixpkgs' lib the generated NixOS module and image expressions
# use, with nixpkgs' semantics. Module-system constructors are resolved on the
# spot (mkIf: the content or nothing): the harness evaluates one module alone.
rec {
  mkOption = args: args // { _type = "option"; };
  mkEnableOption = name: mkOption { default = false; description = "Whether to enable ${name}."; };
  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkDefault = x: x;
  mkForce = x: x;
  mkMerge = builtins.foldl' recursiveUpdate { };
  literalExpression = text: { _type = "literalExpression"; inherit text; };
  types = rec {
    str = "str";
    bool = "bool";
    int = "int";
    package = "package";
    path = "path";
    attrsOf = t: "attrsOf";
    listOf = t: "listOf";
    nullOr = t: "nullOr";
    ints.between = lo: hi: "ints.between";
    submodule = m: "submodule";
  };

  versionAtLeast = v: w: builtins.compareVersions v w >= 0;
  hasPrefix = pre: s: builtins.substring 0 (builtins.stringLength pre) s == pre;
  optional = cond: x: if cond then [ x ] else [ ];
  optionals = cond: l: if cond then l else [ ];
  optionalString = cond: s: if cond then s else "";
  optionalAttrs = cond: a: if cond then a else { };
  concatStrings = builtins.concatStringsSep "";
  concatStringsSep = builtins.concatStringsSep;
  concatMapStrings = f: l: concatStrings (map f l);
  concatMapStringsSep = sep: f: l: builtins.concatStringsSep sep (map f l);
  mapAttrs = builtins.mapAttrs;
  mapAttrsToList = f: attrs: map (n: f n attrs.${n}) (builtins.attrNames attrs);
  mapAttrs' = f: attrs: builtins.listToAttrs (mapAttrsToList f attrs);
  nameValuePair = name: value: { inherit name value; };
  genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
  filterAttrs = pred: attrs: builtins.listToAttrs (builtins.filter (x: pred x.name x.value)
    (mapAttrsToList nameValuePair attrs));
  attrValues = builtins.attrValues;
  attrNames = builtins.attrNames;
  elem = builtins.elem;
  # nixpkgs: "${p}/bin" for each package (its `bin` output when it has one).
  makeBinPath = makeSearchPathOutput "bin" "bin";
  makeSearchPathOutput = output: sub: pkgs:
    builtins.concatStringsSep ":" (map (p: "${p.${output} or p}/${sub}") pkgs);
  escapeShellArg = s: "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] (toString s)}'";
  escapeShellArgs = l: builtins.concatStringsSep " " (map escapeShellArg l);
  getName = x:
    if builtins.isString x then (builtins.parseDrvName x).name
    else x.pname or (builtins.parseDrvName x.name).name;
  getExe = p: "${p}/bin/${p.meta.mainProgram or (getName p)}";
  recursiveUpdate = lhs: rhs:
    lhs // builtins.mapAttrs
      (n: v: if builtins.isAttrs v && builtins.isAttrs (lhs.${n} or null) then recursiveUpdate lhs.${n} v else v)
      rhs;
}
