[ (toString 1) (toString (-5)) (toString true) (toString false) (toString null) (toString "s") (toString [ 1 "a" [ 2 3 ] ]) (toString [ ]) (toString [ [ ] 1 ]) (toString 1.5) (toString 0.1) ]
