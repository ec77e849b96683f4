# nix: rejects
[ (abort "stop here") ]
