# nix: rejects
let mk = { name, uid }: { inherit name uid; }; in mk { name = "a"; }
