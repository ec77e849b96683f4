[ (toString ./.) (toString ./a/b) (toString ./a/../b) (toString ./a/./b) (toString /abs/path) (toString /a/../b) (builtins.typeOf ./x) ]
