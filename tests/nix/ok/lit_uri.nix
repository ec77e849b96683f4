[ http://example.org/a?b=c https://nixos.org mailto:x@y.z ]
