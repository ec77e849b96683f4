# A stand-in for nixpkgs' lib: the functions generated Nix uses, with
# nixpkgs' semantics; module-system constructors return inspectable markers.
rec {
  mkOption = args: args // { _type = "option"; };
  mkEnableOption = name: mkOption {
    type = types.bool;
    default = false;
    description = "Whether to enable ${name}.";
  };
  mkIf = condition: content: { _type = "if"; inherit condition content; };
  literalExpression = text: { _type = "literalExpression"; inherit text; };
  types = {
    str = "str";
    bool = "bool";
    package = "package";
    attrsOf = t: if builtins.isString t then "attrsOf (${t})" else { _type = "attrsOf"; elemType = t; };
    nullOr = t: if builtins.isString t then "nullOr (${t})" else { _type = "nullOr"; elemType = t; };
    listOf = t: "listOf (${t})";
    strMatching = pattern: "strMatching ${builtins.toJSON pattern}";
    ints.unsigned = "ints.unsigned";
    ints.between = lo: hi: "ints.between ${toString lo} ${toString hi}";
    submodule = m: { _type = "submodule"; module = m; };
  };

  versionAtLeast = v: w: builtins.compareVersions v w >= 0;
  hasPrefix = pre: s: builtins.substring 0 (builtins.stringLength pre) s == pre;
  optional = cond: x: if cond then [ x ] else [ ];
  concatStrings = builtins.concatStringsSep "";
  concatMapStrings = f: l: concatStrings (map f l);
  mapAttrsToList = f: attrs: map (n: f n attrs.${n}) (builtins.attrNames attrs);
  makeBinPath = pkgs: builtins.concatStringsSep ":" (map (p: "${p}/bin") pkgs);
  escapeShellArg = s: "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] (toString s)}'";
  escapeShellArgs = l: builtins.concatStringsSep " " (map escapeShellArg l);
  getName = x:
    if builtins.isString x then (builtins.parseDrvName x).name
    else x.pname or (builtins.parseDrvName x.name).name;
  recursiveUpdate = lhs: rhs:
    lhs // builtins.mapAttrs
      (n: v: if builtins.isAttrs v && builtins.isAttrs (lhs.${n} or null) then recursiveUpdate lhs.${n} v else v)
      rhs;
}
