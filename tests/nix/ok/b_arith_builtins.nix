[ (builtins.add 1 2) (builtins.sub 5 7) (builtins.mul 3 4) (builtins.div 7 2) (builtins.add 1.5 1) (builtins.lessThan 1 2) (builtins.bitAnd 12 10) (builtins.bitOr 12 10) (builtins.bitXor 12 10) ]
