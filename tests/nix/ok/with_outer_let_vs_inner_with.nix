let f = { a = "f"; }; in with f; let g = a; in with { a = "h"; }; [ g a ]
