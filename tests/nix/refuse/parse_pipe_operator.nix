# nix: rejects
1 |> toString
