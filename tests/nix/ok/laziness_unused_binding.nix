let bad = throw "never forced"; good = 1; in good
