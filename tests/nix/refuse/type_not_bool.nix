# nix: rejects
!1
