let s = { "a-b" = 1; c = { "d e" = 2; }; }; n = "c"; in [ s."a-b" s.c."d e" s.${n}."d e" ]
