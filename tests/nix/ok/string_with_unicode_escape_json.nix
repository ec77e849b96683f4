builtins.toJSON "tab	here"
