let s = { __toString = self: "S(${toString self.n})"; n = 3; }; o = { outPath = "/out"; }; in [ "${s}" "${o}" (toString s) ("p" + s) ]
