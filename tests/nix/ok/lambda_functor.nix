let c = { n = 10; __functor = self: x: self.n + x; }; in [ (c 5) (builtins.isFunction c) ]
