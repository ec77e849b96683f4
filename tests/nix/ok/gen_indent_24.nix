''
      x=1; two words ''$
$ ${"i"}
    ''
