let f = { a ? throw "unused default" }: "ok"; in f { a = 1; }
