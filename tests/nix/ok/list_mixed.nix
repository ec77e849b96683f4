[ 1 "two" 3.0 true null [ ] { } [ 1 [ 2 ] ] { a = [ { b = 1; } ]; } ]
