let k = "q"; in { a = { ${k} = 1; }; a.c = 2; }
