# nix: accepts
toString ~/.ssh/id_ed25519.pub
