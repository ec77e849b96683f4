let n = "dyn"; in { ${n} = 1; "${n}2" = 2; ${"lit"} = 3; x.${n} = 4; }
