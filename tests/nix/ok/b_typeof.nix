map builtins.typeOf [ "s" { } [ ] 1 true 1.5 (x: x) null ./x builtins.map ]
