#!/usr/bin/env python3
"""Writes the seed corpus of the `pipeline` fuzz target into corpus/pipeline/.

Each spec of the test suite becomes one input (format: input.rs): users.nix,
containers.nix, darwin.nix and part.nix separated by a line `#%%`. Bad specs
take their missing files from tests/bad-specs/base (as tests/diagnostics.rs
does); bad darwin.nix cases get the base spec too; examples/team has its
key file inlined (the format has no directories). Seeds are named
`seed-<origin>`; the fuzzer adds its own finds under their sha1 names.
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus" / "pipeline"
SEP = b"\n#%%\n"
FILES = ["users.nix", "containers.nix", "darwin.nix", "part.nix"]


def write(name, files):
    parts = [files.get(f) for f in FILES]
    while parts and parts[-1] is None:
        parts.pop()
    # A missing file in the middle: the fuzz format cannot say "absent" there,
    # so it becomes empty (an error of its own, still a useful seed).
    data = SEP.join(p if p is not None else b"" for p in parts)
    (OUT / f"seed-{name}").write_bytes(data)


def read_dir(d, base=None):
    files = {}
    omit = set()
    if (d / ".omit").exists():
        omit = set((d / ".omit").read_text().split())
    if base is not None:
        for f in FILES:
            if (base / f).exists() and f not in omit:
                files[f] = (base / f).read_bytes()
    for f in FILES:
        if (d / f).exists():
            files[f] = (d / f).read_bytes()
    return files


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    base = ROOT / "tests" / "bad-specs" / "base"
    for d in sorted((ROOT / "tests" / "bad-specs").iterdir()):
        if d.is_dir():
            write(f"bad-specs-{d.name}", read_dir(d, None if d == base else base))
    for d in sorted((ROOT / "tests" / "bad-darwin").iterdir()):
        if d.is_dir():
            write(f"bad-darwin-{d.name}", read_dir(d, base))
    for d in sorted((ROOT / "tests" / "specs").iterdir()):
        if d.is_dir():
            write(f"specs-{d.name}", read_dir(d))
    team = ROOT / "examples" / "team"
    files = read_dir(team)
    key = (team / "keys" / "coal.pub").read_text().strip()
    users = files["users.nix"].decode()
    users = re.sub(r"openssh\.authorizedKeys\.keyFiles = \[ \./keys/coal\.pub \];",
                   'openssh.authorizedKeys.keys = [ "' + key + '" ];', users)
    files["users.nix"] = users.encode()
    write("examples-team", files)


main()
