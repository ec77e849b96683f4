assert 1 == 1; assert true; "passed"
