builtins.zipAttrsWith (name: values: [ name values ]) [ { a = 1; b = 2; } { a = 3; } ]
