rec { a = 1; b = a + 1; c = { d = b * 2; }; e = c.d; }
