# Makes any value printable by `nix-instantiate --eval --strict --json` and
# independent of the machine: functions become "<lambda>", stub derivations
# their name (and the arguments of stub builders), paths their place in the
# generated tree (`<tree>/…`).
{ root }:
let
  n = builtins.stringLength root;
  path = p:
    let s = toString p; in
    if builtins.substring 0 n s == root then "<tree>${builtins.substring n (-1) s}" else s;
  go = v:
    if builtins.isFunction v then "<lambda>"
    else if builtins.isPath v then path v
    else if builtins.isList v then map go v
    else if builtins.isAttrs v then
      (if v ? outPath then
        (if v ? stubArgs then { drv = v.name; args = go v.stubArgs; } else "<drv ${v.name}>")
      else builtins.mapAttrs (_: go) v)
    else v;
in
go
