[
  " ''"
  "${toString 7}$$ {x}"
  "abc\t"
]
