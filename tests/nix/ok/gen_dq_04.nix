[
  "abc"
  "éé\$ abc"
  "$$\"\"''${toString 7}"
]
