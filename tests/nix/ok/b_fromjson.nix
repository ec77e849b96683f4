builtins.fromJSON ''{"a": [1, -2, 3.5, true, false, null], "b": {"c": "d\n\u00e9"}, "e": 1e2, "f": ""}'' 
