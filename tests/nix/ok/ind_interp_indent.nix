let x = "1\n2"; in ''
    a ${x}
      b
''
