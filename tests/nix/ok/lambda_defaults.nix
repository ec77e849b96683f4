let f = { a, b ? a * 10, c ? b + 1 }: [ a b c ]; in [ (f { a = 1; }) (f { a = 1; b = 2; }) (f { a = 1; c = 0; }) ]
