{ a = rec { b = 1; c = b; }; a.d = 2; }
