let f = args@{ a ? args.b, ... }: a; in f { b = "from-args"; }
