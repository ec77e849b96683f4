# A small NixOS module system for nix-instantiate without nixpkgs: enough of
# nixpkgs' lib/modules.nix, lib/options.nix and lib/types.nix to evaluate a
# users.nix next to the generated module's option declarations and stub
# declarations of the NixOS options it sets, with the same rules:
#  - a module is a set or a function of { config, options, lib, pkgs, name, … }
#    (or a path to one), with `options`/`config`/`imports` or a bare config;
#  - an option declared by several modules merges only if at most one gives
#    `default`/`description`/`example`/`apply` and the types merge (`attrsOf
#    (submodule a)` and `attrsOf (submodule b)` give `attrsOf (submodule
#    (a and b))`, as NixOS's own users.users is extended by other modules);
#  - a definition with no declaration is an error ("The option `…' does not
#    exist."), also inside submodules; each definition is type-checked
#    ("A definition for option `…' is not of type `…'.");
#  - mkIf / mkMerge / mkOverride (mkDefault, mkForce, option defaults) are
#    pushed down and discharged as lib/modules.nix does; `mkIf false` inside
#    `attrsOf` drops the attribute.
# Type descriptions and messages are nixpkgs' own (lib/types.nix of 2025),
# so a test can match NixOS's wording. On every file of tests/users-files and
# on the error cases of tests/nixos_users.rs, nixpkgs' lib.evalModules with
# the same declarations gave the same values and the same first error
# lines (but for the names of anonymous modules).
# It returns { lib, evalModules }; lib is tests/nix-stubs/lib.nix with the
# module-system part replaced by this one.
let
  inherit (builtins)
    all attrNames concatLists concatMap concatStringsSep elem filter foldl'
    head isAttrs isBool isFunction isInt isList isPath isString length listToAttrs
    map mapAttrs match toJSON;

  base = import ./lib.nix;

  last = l: builtins.elemAt l (length l - 1);
  imap1 = f: l: builtins.genList (i: f (i + 1) (builtins.elemAt l i)) (length l);

  # lib/options.nix showOption: names that are not identifiers are quoted.
  showOption = loc: concatStringsSep "." (map
    (n: if match "[a-zA-Z_][a-zA-Z0-9_'-]*" n != null then n else toJSON n)
    loc);
  showFiles = files: concatStringsSep " and " (map (f: "`${f}'") files);
  showDefs = defs: concatStringsSep "" (map (d: "\n- In `${d.file}'") defs);

  isOption = x: isAttrs x && (x._type or "") == "option";
  isStringLike = x: isString x || isPath x || (isAttrs x && (x ? outPath || x ? __toString));
  isDerivation = x: isAttrs x && (x.type or "") == "derivation";

  # --- properties (lib/modules.nix) ----------------------------------------
  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkMerge = contents: { _type = "merge"; inherit contents; };
  mkOverride = priority: content: { _type = "override"; inherit priority content; };
  mkOptionDefault = mkOverride 1500;
  mkDefault = mkOverride 1000;
  mkForce = mkOverride 50;
  mkOrder = priority: content: { _type = "order"; inherit priority content; };
  mkBefore = mkOrder 500;
  mkAfter = mkOrder 1500;
  defaultPriority = 100;

  # A module's config at one level, as a list of plain sets whose values may
  # still carry properties.
  pushDownProperties = cfg:
    let t = if isAttrs cfg then cfg._type or "" else ""; in
    if t == "merge" then concatMap pushDownProperties cfg.contents
    else if t == "if" then
      map (mapAttrs (_: v: mkIf cfg.condition v)) (pushDownProperties cfg.content)
    else if t == "override" then
      map (mapAttrs (_: v: mkOverride cfg.priority v)) (pushDownProperties cfg.content)
    else [ cfg ];

  # The values of one definition, with mkMerge flattened and mkIf decided.
  dischargeProperties = loc: def:
    let t = if isAttrs def then def._type or "" else ""; in
    if t == "merge" then concatMap (dischargeProperties loc) def.contents
    else if t == "if" then
      if isBool def.condition then
        (if def.condition then dischargeProperties loc def.content else [ ])
      else throw "mkIf called with a non-Boolean condition (option `${showOption loc}')"
    # Order only sorts list definitions (sortProperties); the values stay.
    else if t == "order" then dischargeProperties loc def.content
    else [ def ];

  filterOverrides = defs:
    let
      prio = d: if isAttrs d.value && (d.value._type or "") == "override" then d.value.priority else defaultPriority;
      best = foldl' (m: d: if prio d < m then prio d else m) 9999 defs;
      strip = d: if isAttrs d.value && (d.value._type or "") == "override" then d // { value = d.value.content; } else d;
    in
    map strip (filter (d: prio d == best) defs);

  # The defined value of an option from its definitions ({ file, value }).
  mergeDefinitions = loc: type: defs:
    let
      discharged = concatMap (d: map (value: { inherit (d) file; inherit value; }) (dischargeProperties loc d.value)) defs;
      # An override may wrap further properties (mkDefault (mkIf …)).
      final = concatMap
        (d: map (value: { inherit (d) file; inherit value; }) (dischargeProperties loc d.value))
        (filterOverrides discharged);
      bad = filter (d: !(type.check d.value)) final;
    in
    {
      isDefined = final != [ ];
      value =
        if bad != [ ] then
          throw "A definition for option `${showOption loc}' is not of type `${type.description}'. Definition values:${showDefs bad}"
        else type.merge loc final;
    };

  # --- types (lib/types.nix) -------------------------------------------------
  mkType = { name, description, descriptionClass ? null, check, merge ? mergeEqual, elemType ? null, modules ? null }:
    { _type = "option-type"; inherit name description descriptionClass check merge elemType modules; };

  # lib/types.nix optionDescriptionPhrase: a type's description, in
  # parentheses unless its class reads well in place.
  phrase = unparenthesize: t:
    if unparenthesize t.descriptionClass then t.description else "(${t.description})";
  noun = c: c == "noun";
  nounOrConjunction = c: c == "noun" || c == "conjunction";
  nounOrComposite = c: c == "noun" || c == "composite";

  mergeEqual = loc: defs:
    let v = (head defs).value; in
    if all (d: d.value == v) defs then v
    else throw "The option `${showOption loc}' has conflicting definition values:${showDefs defs}";

  # types.mergeTypes: null when the two declarations cannot be merged.
  mergeTypes = a: b:
    if a.name != b.name then null
    else if a.modules != null then types.submoduleWith { modules = a.modules ++ b.modules; }
    else if a.elemType != null then
      let e = mergeTypes a.elemType b.elemType; in
      if e == null then null
      else if a.name == "either" then types.either e (mergeTypes a.right b.right)
      else types.${a.name} e
    else a;

  strMatching = pattern: mkType {
    name = "strMatching";
    description = "string matching the pattern ${pattern}";
    descriptionClass = "noun";
    check = x: isString x && match pattern x != null;
  };

  types = rec {
    bool = mkType { name = "bool"; description = "boolean"; descriptionClass = "noun"; check = isBool; };
    int = mkType { name = "int"; description = "signed integer"; descriptionClass = "noun"; check = isInt; };
    ints.unsigned = mkType {
      name = "unsignedInt";
      description = "unsigned integer, meaning >=0";
      descriptionClass = "nonRestrictiveClause";
      check = x: isInt x && x >= 0;
    };
    str = mkType { name = "str"; description = "string"; descriptionClass = "noun"; check = isString; };
    singleLineStr = mkType {
      name = "singleLineStr";
      description = "(optionally newline-terminated) single-line string";
      descriptionClass = "noun";
      check = x: isString x && match "[^\n\r]*\n?" x != null;
    };
    inherit strMatching;
    path = mkType {
      name = "path";
      description = "absolute path";
      descriptionClass = "noun";
      check = x: isStringLike x && builtins.substring 0 1 (toString x) == "/";
    };
    package = mkType { name = "package"; description = "package"; descriptionClass = "noun"; check = isDerivation; };
    shellPackage = package // { check = x: isDerivation x && x ? shellPath; };
    passwdEntry = t: t // {
      name = "passwdEntry";
      description = "${phrase noun t}, not containing newlines or colons";
      descriptionClass = "nonRestrictiveClause";
      check = x: t.check x && !(isString x && match ".*[:\n].*" x != null);
      elemType = t;
    };
    anything = mkType {
      name = "anything";
      description = "anything";
      descriptionClass = "noun";
      check = _: true;
      merge = loc: defs:
        if length defs == 1 then (head defs).value
        else if all (d: isAttrs d.value && !isDerivation d.value) defs then (attrsOf anything).merge loc defs
        else mergeEqual loc defs;
    };
    nullOr = t: mkType {
      name = "nullOr";
      description = "null or ${phrase nounOrConjunction t}";
      descriptionClass = "conjunction";
      check = x: x == null || t.check x;
      elemType = t;
      merge = loc: defs:
        let nulls = filter (d: d.value == null) defs; in
        if nulls == defs then null
        else if nulls != [ ] then throw "The option `${showOption loc}' is defined both null and not null, in ${showFiles (map (d: d.file) defs)}."
        else t.merge loc defs;
    };
    either = t1: t2: mkType {
      name = "either";
      description =
        if t1.descriptionClass == "nonRestrictiveClause" then "${t1.description}, or ${phrase nounOrConjunction t2}"
        else "${phrase nounOrConjunction t1} or ${phrase (c: nounOrConjunction c || c == "composite") t2}";
      descriptionClass = "conjunction";
      check = x: t1.check x || t2.check x;
      elemType = t1;
      merge = loc: defs:
        if all (d: t1.check d.value) defs then t1.merge loc defs
        else if all (d: t2.check d.value) defs then t2.merge loc defs
        else mergeEqual loc defs;
    } // { right = t2; };
    listOf = t: mkType {
      name = "listOf";
      description = "list of ${phrase nounOrComposite t}";
      descriptionClass = "composite";
      check = isList;
      elemType = t;
      merge = loc: defs: concatLists (imap1
        (n: d: concatLists (imap1
          (i: v:
            let m = mergeDefinitions (loc ++ [ "[definition ${toString n}-entry ${toString i}]" ]) t [ { inherit (d) file; value = v; } ]; in
            if m.isDefined then [ m.value ] else [ ])
          d.value))
        defs);
    };
    attrsOf = t: mkType {
      name = "attrsOf";
      description = "attribute set of ${phrase nounOrComposite t}";
      descriptionClass = "composite";
      check = isAttrs;
      elemType = t;
      merge = loc: defs:
        let
          names = attrNames (foldl' (acc: d: acc // d.value) { } defs);
          forName = n: mergeDefinitions (loc ++ [ n ]) t
            (concatMap (d: if d.value ? ${n} then [ { inherit (d) file; value = d.value.${n}; } ] else [ ]) defs);
          merged = map (n: { name = n; m = forName n; }) names;
        in
        listToAttrs (map (x: { inherit (x) name; value = x.m.value; }) (filter (x: x.m.isDefined) merged));
    };
    submoduleWith = { modules }: mkType {
      name = "submodule";
      description = "submodule";
      descriptionClass = "noun";
      check = x: isAttrs x || isFunction x || isPath x;
      inherit modules;
      merge = loc: defs: (evalModules {
        modules = modules ++ map (d: { _file = d.file; config = d.value; }) defs;
        specialArgs.name = last loc;
        prefix = loc;
      }).config;
    };
    submodule = m: submoduleWith { modules = [ m ]; };
  };

  mkOption = args: args // { _type = "option"; };
  mkEnableOption = name: mkOption {
    type = types.bool;
    default = false;
    example = true;
    description = "Whether to enable ${name}.";
  };

  # --- modules -------------------------------------------------------------
  structuralKeys = [ "_file" "key" "imports" "options" "config" "disabledModules" "meta" "freeformType" ];

  # Modules with imports flattened: [ { file, options, config } ].
  collect = args: file: m:
    let
      value = if isPath m then import m else m;
      file' = if isPath m then toString m else file;
      called = if isFunction value then value args else value;
      # A module with `config` or `options` is structured; otherwise all of it
      # but `imports`/`_file`/`key` is config.
      structured = called ? config || called ? options;
      extra = filter (k: !(elem k structuralKeys)) (attrNames called);
      unified =
        if !structured then { file = called._file or file'; options = { }; config = removeAttrs called [ "_file" "key" "imports" "disabledModules" ]; imports = called.imports or [ ]; }
        else if extra != [ ] then
          throw "Module `${file'}' has an unsupported attribute `${head extra}'. This is caused by introducing a top-level `config' or `options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: ${concatStringsSep " " extra}) into the explicit `config' attribute."
        else {
          file = called._file or file';
          options = called.options or { };
          config = called.config or { };
          imports = called.imports or [ ];
        };
    in
    [ (removeAttrs unified [ "imports" ]) ] ++ concatMap (collect args unified.file) unified.imports;

  # lib/modules.nix mergeOptionDecls.
  mergeOptionDecls = loc: decls:
    foldl'
      (res: d:
        let
          bothHave = k: d.value ? ${k} && res ? ${k};
          merged = if bothHave "type" then mergeTypes res.type d.value.type else null;
        in
        if bothHave "default" || bothHave "example" || bothHave "description" || bothHave "apply"
          || (bothHave "type" && merged == null)
        then throw "The option `${showOption loc}' in `${d.file}' is already declared in ${showFiles res.declarations}."
        else res // d.value // { declarations = res.declarations ++ [ d.file ]; }
          // (if merged != null then { type = merged; } else { }))
      { declarations = [ ]; }
      decls;

  # Declarations ({ file, value = options subtree }) to a tree whose leaves
  # are merged options.
  mergeDecls = loc: decls:
    let
      names = attrNames (foldl' (acc: d: acc // d.value) { } decls);
      forName = n:
        let
          sub = concatMap (d: if d.value ? ${n} then [ { inherit (d) file; value = d.value.${n}; } ] else [ ]) decls;
          opts = filter (d: isOption d.value) sub;
        in
        if opts == [ ] then mergeDecls (loc ++ [ n ]) sub
        else if length opts != length sub then
          throw "The option `${showOption (loc ++ [ n ])}' in `${(head opts).file}' is a prefix of options in `${(head (filter (d: !isOption d.value) sub)).file}'."
        else mergeOptionDecls (loc ++ [ n ]) opts // { _type = "option"; };
    in
    listToAttrs (map (n: { name = n; value = forName n; }) names);

  # Definitions ({ file, value }) of the names under one level.
  defsOf = n: defs: concatMap
    (d: concatMap (v: if v ? ${n} then [ { inherit (d) file; value = v.${n}; } ] else [ ]) (pushDownProperties d.value))
    defs;

  optionValue = loc: opt: defs:
    let
      withDefault = defs ++ (if opt ? default then [ { file = "the default of `${showOption loc}'"; value = mkOptionDefault opt.default; } ] else [ ]);
      m = mergeDefinitions loc (opt.type or types.anything) withDefault;
      v = if m.isDefined then m.value else throw "The option `${showOption loc}' is used but not defined.";
    in
    if opt ? apply then opt.apply v else v;

  configOf = loc: decls: defs: mapAttrs
    (n: decl:
      if isOption decl then optionValue (loc ++ [ n ]) decl (defsOf n defs)
      else configOf (loc ++ [ n ]) decl (defsOf n defs))
    decls;

  # Every defined name must be declared (checked lazily, when the config is
  # forced, as NixOS's _module.check does).
  checkDefs = loc: decls: defs: all
    (d: all
      (v: all
        (n:
          if !(decls ? ${n}) then
            throw "The option `${showOption (loc ++ [ n ])}' does not exist. Definition values:${showDefs [ d ]}"
          else isOption decls.${n} || checkDefs (loc ++ [ n ]) decls.${n} [ { inherit (d) file; value = v.${n}; } ])
        (attrNames v))
      (pushDownProperties d.value))
    defs;

  evalModules = { modules, specialArgs ? { }, prefix ? [ ] }:
    let
      args = { inherit lib config options; } // specialArgs;
      collected = concatMap (collect args "<unknown-file>") modules;
      options = mergeDecls prefix (map (m: { inherit (m) file; value = m.options; }) collected);
      defs = map (m: { inherit (m) file; value = m.config; }) collected;
      config = configOf prefix options defs;
    in
    {
      inherit options;
      config = builtins.seq (checkDefs prefix options defs) config;
    };

  lib = base // {
    inherit mkIf mkMerge mkOverride mkDefault mkForce mkOptionDefault mkOrder mkBefore mkAfter mkOption
      mkEnableOption types showOption evalModules;
    mapAttrs = builtins.mapAttrs;
    genAttrs = names: f: listToAttrs (map (n: { name = n; value = f n; }) names);
    nameValuePair = name: value: { inherit name value; };
    # nixpkgs' lib/strings.nix, for users files that use them.
    hasSuffix = suffix: s:
      let n = builtins.stringLength s; k = builtins.stringLength suffix; in
      k <= n && builtins.substring (n - k) k s == suffix;
    hasInfix = infix: s: builtins.match ".*${lib.escapeRegex infix}.*" s != null;
    escapeRegex = builtins.replaceStrings
      (builtins.map (c: c) [ "\\" "[" "{" "(" ")" "^" "$" "?" "*" "+" "|" "." ])
      (builtins.map (c: "\\" + c) [ "\\" "[" "{" "(" ")" "^" "$" "?" "*" "+" "|" "." ]);
    trim = s:
      let m = builtins.match "[ \t\r\n]*(.*[^ \t\r\n])[ \t\r\n]*" s; in
      if m == null then "" else builtins.head m;
    fileContents = file:
      let s = builtins.readFile file; n = builtins.stringLength s; in
      if n > 0 && builtins.substring (n - 1) 1 s == "\n" then builtins.substring 0 (n - 1) s else s;
    optional = cond: x: if cond then [ x ] else [ ];
    filterAttrs = pred: set: listToAttrs (concatMap
      (n: if pred n set.${n} then [ { name = n; value = set.${n}; } ] else [ ]) (attrNames set));
  };
in
{ inherit lib evalModules; }
