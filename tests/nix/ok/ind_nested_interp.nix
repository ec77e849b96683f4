let n = "N"; in ''
  outer ${"inner ${n}"}
    ${''
      deep
    ''}
''
