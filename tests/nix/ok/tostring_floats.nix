[ (toString 2.5) (toString 1.0) (toString 0.000001) (toString 100.0) (toString (-0.5)) ]
