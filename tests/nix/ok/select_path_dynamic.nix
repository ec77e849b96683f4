let s = { a = { b = { c = "deep"; }; }; }; p = "b"; in [ s.a.${p}.c s.a."${p}".c ]
