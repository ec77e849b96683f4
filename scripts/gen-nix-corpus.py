#!/usr/bin/env python3
"""Writes tests/nix/ok/gen_*.nix: deterministic random Nix programs for the
evaluator's differential test (tests/eval_differential.rs), which compares our
evaluator with `nix-instantiate --eval --strict --json` on every file.

Run from the repository root: python3 scripts/gen-nix-corpus.py
The output depends only on the seeds below; commit the generated files.
"""

import glob
import os
import random

OUT = os.path.join("tests", "nix", "ok")


def trunc_div(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def arith(rng, depth):
    """A random integer expression and its value (None when it would divide by zero)."""
    if depth == 0 or rng.random() < 0.25:
        n = rng.randint(-20, 20)
        return (f"({n})" if n < 0 else str(n)), n
    op = rng.choice("+-*/")
    (ls, lv), (rs, rv) = arith(rng, depth - 1), arith(rng, depth - 1)
    if lv is None or rv is None:
        return ls, None
    if op == "/":
        if rv == 0:
            return ls, lv
        v = trunc_div(lv, rv)
    else:
        v = {"+": lv + rv, "-": lv - rv, "*": lv * rv}[op]
    return f"({ls} {op} {rs})", v


def gen_arith(rng):
    items = []
    for _ in range(rng.randint(4, 9)):
        s, _ = arith(rng, rng.randint(1, 4))
        if rng.random() < 0.3:
            t, _ = arith(rng, 2)
            s = f"({s} {rng.choice(['<', '<=', '>', '>=', '==', '!='])} {t})"
        items.append(s)
    return "[\n  " + "\n  ".join(items) + "\n]\n"


IND_PIECES = ["word", "two words", "x=1;", "a'b", "$", "$x", "'", "''$", "'''", "''\\n", "''\\t", "''\\ ", "''\\q", "${\"i\"}", "${toString 3}", "#", "\\n", "\""]


def gen_indent(rng):
    lines = []
    for _ in range(rng.randint(1, 7)):
        kind = rng.random()
        if kind < 0.12:
            lines.append("")
        elif kind < 0.2:
            lines.append(" " * rng.randint(1, 8))
        else:
            indent = " " * rng.choice([0, 2, 2, 4, 4, 6, 8])
            if rng.random() < 0.05:
                indent = "\t" + indent
            body = " ".join(rng.choice(IND_PIECES) for _ in range(rng.randint(1, 3)))
            lines.append(indent + body)
    opening = "''" if rng.random() < 0.8 else "''" + " " * rng.randint(1, 3)
    first = "\n" if rng.random() < 0.85 else ""
    closing = " " * rng.choice([0, 0, 2, 4]) + "''"
    end = "\n" if rng.random() < 0.8 else ""
    return opening + first + "\n".join(lines) + end + closing + "\n"


DQ_PIECES = ["abc", " ", "\\n", "\\t", "\\r", "\\\\", "\\\"", "\\$", "\\${x}", "\\q", "\\'", "$", "$$", "$${x}", "${toString 7}", "é", "'", "''"]


def gen_dq(rng):
    items = []
    for _ in range(rng.randint(3, 8)):
        parts = [rng.choice(DQ_PIECES) for _ in range(rng.randint(1, 6))]
        s = "".join(parts)
        # A `$` right before a `{` would open an interpolation.
        s = s.replace("${\"", "\x00").replace("${t", "\x01").replace("${", "$ {")
        s = s.replace("\x00", "${\"").replace("\x01", "${t")
        items.append('"' + s + '"')
    return "[\n  " + "\n  ".join(items) + "\n]\n"


NAMES = ["a", "b", "c", "d", "e", "x-y", "k1", "_z", "10", "9"]


def key(name):
    return name if name[0].isalpha() or name[0] == "_" else f'"{name}"'


def random_tree(rng, depth):
    return {
        n: (random_tree(rng, depth - 1) if depth > 0 and rng.random() < 0.45 else rng.choice(["1", '"s"', "true", "null", "[ 1 2 ]", "2.5"]))
        for n in rng.sample(NAMES, rng.randint(1, 4))
    }


def bindings(rng, tree, prefix):
    """Bindings for `tree` at attribute path `prefix`, mixing `a.b = v;` paths and
    `a = { … };` literals so that Nix's merging rules are exercised without duplicates."""
    out = []
    for name, sub in tree.items():
        path = prefix + [key(name)]
        if isinstance(sub, dict):
            names = list(sub)
            rng.shuffle(names)
            cut = rng.randint(0, len(names))
            literal = {n: sub[n] for n in names[:cut]}
            if literal:
                inner = " ".join(bindings(rng, literal, []))
                out.append(f"{'.'.join(path)} = {{ {inner} }};")
            out.extend(bindings(rng, {n: sub[n] for n in names[cut:]}, path))
        else:
            out.append(f"{'.'.join(path)} = {sub};")
    return out


def gen_attrs(rng):
    tree = random_tree(rng, 3)
    bs = bindings(rng, tree, [])
    rng.shuffle(bs)
    rec = "rec " if rng.random() < 0.3 else ""
    return rec + "{\n  " + "\n  ".join(bs) + "\n}\n"


def gen_lists(rng):
    xs = [rng.randint(-9, 9) for _ in range(rng.randint(0, 8))]
    lst = "[ " + " ".join(f"({x})" if x < 0 else str(x) for x in xs) + " ]"
    n = rng.randint(1, 3)
    exprs = [
        f"(map (x: x * {n}) {lst})",
        f"(builtins.filter (x: x > {n - 2}) {lst})",
        f"(builtins.foldl' (a: b: a + b) {n} {lst})",
        f"(builtins.sort (a: b: a < b) {lst})",
        f"(builtins.sort (a: b: a > b) {lst})",
        f"(builtins.length {lst})",
        f"(builtins.elem {n} {lst})",
        f"(builtins.concatLists [ {lst} {lst} ])",
        f"(builtins.genList (i: i * {n}) {len(xs)})",
        f"(builtins.concatStringsSep \",\" (map toString {lst}))",
        f"(builtins.listToAttrs (map (x: {{ name = toString x; value = x; }}) {lst}))",
        f"({lst} ++ [ {n} ])",
        f"({lst} == {lst})",
    ]
    if xs:
        exprs += [f"(builtins.head {lst})", f"(builtins.tail {lst})", f"(builtins.elemAt {lst} {len(xs) - 1})"]
    rng.shuffle(exprs)
    return "[\n  " + "\n  ".join(exprs[: rng.randint(4, len(exprs))]) + "\n]\n"


KINDS = [("arith", gen_arith, 15), ("indent", gen_indent, 25), ("dq", gen_dq, 10), ("attrs", gen_attrs, 15), ("lists", gen_lists, 10)]


def main():
    for old in glob.glob(os.path.join(OUT, "gen_*.nix")):
        os.remove(old)
    for kind, gen, count in KINDS:
        for i in range(count):
            rng = random.Random(f"{kind}-{i}")
            with open(os.path.join(OUT, f"gen_{kind}_{i:02}.nix"), "w", newline="") as f:
                f.write(gen(rng))


if __name__ == "__main__":
    main()
