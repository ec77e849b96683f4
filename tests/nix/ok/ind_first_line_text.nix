''  first
    second
  ''
