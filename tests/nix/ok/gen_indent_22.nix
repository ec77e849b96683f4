''

    two words '''
''' ${toString 3} ''\q
    $x two words ''$
''
