let b = a * 2; a = 21; in b
