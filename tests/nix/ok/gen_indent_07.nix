''  ${toString 3} word
        $ $x ''\t
  $ $ ''\t
  ''\ 
  \n
	        $ ${"i"}
        " $x ${"i"}
''
