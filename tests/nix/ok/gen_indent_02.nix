''
    ${"i"} # ''\t
      " ${"i"}
a'b
    ${"i"} two words ''\t
    ''
