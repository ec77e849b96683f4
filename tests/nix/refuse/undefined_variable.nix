# nix: rejects
let username = "alice"; in usernme
