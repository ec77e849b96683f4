''
    two words
    ${toString 3} ''\q "
    ''\t
    ''\  ${"i"}    ''
