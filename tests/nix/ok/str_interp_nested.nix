let a = "A"; b = "B"; in [ "x${a}y" "${"in${b}ner"}" "${a}${b}" "" "${""}" ]
