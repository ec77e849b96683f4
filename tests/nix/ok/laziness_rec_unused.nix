rec { a = 1; b = throw "x"; c = a; }.c
