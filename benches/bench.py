#!/usr/bin/env python3
"""devbox-gen benchmark: one run, every size, printed as a table with ratios.

    python3 benches/bench.py [--sizes 1x3,50x4,200x10,1000x10] [--quick] [--instructions]

For each users x containers-per-user size it generates a spec (examples/gen-spec.rs)
and measures, as the median wall time of several runs:
  render-empty   devbox-gen render into an empty directory
  render-same    devbox-gen render into an up-to-date directory (writes nothing)
  check          devbox-gen render --check on an up-to-date tree
  eval           devbox-gen eval SPEC --json (front end only)
  nix            nix-instantiate --store dummy:// --eval --strict --json of the same
                 files reading the same fields (anchor.nix)
  cp -r          copying the generated tree into an empty directory
  diff -r        comparing the tree with a copy
and the peak RSS of render-empty (/usr/bin/time -v). Ratios make runs on noisy
machines comparable. With --instructions it also counts the instructions (all
threads, valgrind's callgrind) of render --check and eval: the same binary and spec
give the same count on a busy machine, so small changes can be compared.
No test asserts a time; this script is the only judge.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "devbox-gen")
GEN = os.path.join(ROOT, "target", "release", "examples", "gen-spec")


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)


def timed(cmd, runs, before=None):
    """Median wall seconds of `cmd` over `runs` runs; `before` runs untimed first."""
    samples = []
    for _ in range(runs):
        if before:
            before()
        t0 = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def peak_rss_mb(cmd):
    out = subprocess.run(["/usr/bin/time", "-v"] + cmd, check=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    for line in out.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1]) / 1024
    return float("nan")


def instructions(cmd):
    """Instructions executed by `cmd` (every thread), counted by callgrind."""
    err = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                         check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    for line in err.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[1])
    return float("nan")


def tree_size(path):
    files = total = 0
    for dirpath, _, names in os.walk(path):
        for n in names:
            files += 1
            total += os.path.getsize(os.path.join(dirpath, n))
    return files, total


def bench(users, per_user, work, quick, count):
    spec = os.path.join(work, f"spec-{users}x{per_user}")
    run([GEN, "--users", str(users), "--containers-per-user", str(per_user),
         "--hosts", "4", "--out", spec])
    out = os.path.join(work, f"out-{users}x{per_user}")
    fresh = os.path.join(work, "fresh")
    copy = os.path.join(work, "copy")
    runs = 3 if quick else (5 if users * per_user >= 2000 else 15)

    def clear(p):
        return lambda: shutil.rmtree(p, ignore_errors=True)

    r = {}
    r["render-empty"] = timed([BIN, "render", spec, "--out", fresh], runs, clear(fresh))
    run([BIN, "render", spec, "--out", out])
    r["render-same"] = timed([BIN, "render", spec, "--out", out], runs)
    r["check"] = timed([BIN, "render", spec, "--out", out, "--check"], runs)
    r["eval"] = timed([BIN, "eval", spec, "--json"], runs)
    nix = shutil.which("nix-instantiate")
    r["nix"] = timed(["env", "-i", f"PATH={os.environ['PATH']}", "HOME=/nonexistent", "NIX_PATH=",
                      nix, "--store", "dummy://", "--eval", "--strict", "--json",
                      os.path.join(spec, "anchor.nix")], runs) if nix else float("nan")
    r["cp -r"] = timed(["cp", "-r", out, copy], runs, clear(copy))
    if not os.path.exists(copy):
        run(["cp", "-r", out, copy])
    r["diff -r"] = timed(["diff", "-r", out, copy], runs)
    shutil.rmtree(fresh, ignore_errors=True)
    r["rss"] = peak_rss_mb([BIN, "render", spec, "--out", fresh])
    r["files"], r["bytes"] = tree_size(out)
    if count:
        r["instr check"] = instructions([BIN, "render", spec, "--out", out, "--check"])
        r["instr eval"] = instructions([BIN, "eval", spec, "--json"])
    for p in (fresh, copy):
        shutil.rmtree(p, ignore_errors=True)
    return r


USERS_NIX = "{ users.users.coal = { isNormalUser = true; uid = 1001; devbox.containers.enable = true; }; }\n"


def long_spec(work, kind, n):
    """A one-owner spec whose one dimension is `n` long (or deep)."""
    spec = os.path.join(work, f"long-{kind}-{n}")
    os.makedirs(spec, exist_ok=True)
    container = 'owner = "coal";'
    image = ""
    darwin = None
    if kind == "packages":
        image = "packages = [ %s ];" % " ".join(f'"p{i}"' for i in range(n))
    elif kind == "env":
        container += " env = { %s };" % " ".join(f'E{i} = "v{i}";' for i in range(n))
    elif kind == "tags":
        container += " tailscale.tags = [ %s ];" % " ".join(f'"tag:t{i}"' for i in range(n))
    elif kind == "ports":
        container += " ports = [ %s ];" % " ".join(f'"127.0.0.1:{20000 + i}:{1 + i % 60000}"' for i in range(n))
    elif kind == "casks":
        darwin = '{ hosts.mac = { user = "coal"; casks = [ %s ]; }; }\n' % " ".join(f'"c{i}"' for i in range(n))
    elif kind == "deep":
        darwin = ("let nest = n: if n == 0 then { leaf = 1; } else { x = nest (n - 1); }; in\n"
                  '{ hosts.mac = { user = "coal"; defaults.CustomUserPreferences."com.example" = nest %d; }; }\n' % n)
    with open(os.path.join(spec, "users.nix"), "w") as f:
        f.write(USERS_NIX)
    with open(os.path.join(spec, "containers.nix"), "w") as f:
        f.write("{ images.base = { %s }; containers.c = { %s }; }\n" % (image, container))
    if darwin:
        with open(os.path.join(spec, "darwin.nix"), "w") as f:
            f.write(darwin)
    return spec


# One dimension at a time: each long case against one a tenth as long.
LONG = [("packages", 10_000, 100_000), ("env", 10_000, 100_000), ("tags", 3_000, 30_000),
        ("ports", 3_000, 30_000), ("casks", 3_000, 30_000), ("deep", 200, 2_000)]


def bench_long(work, quick):
    runs = 3 if quick else 7
    rows = []
    for kind, small, big in LONG:
        r = {}
        for n in (small, big):
            spec = long_spec(work, kind, n)
            out = os.path.join(work, f"long-out-{kind}-{n}")
            r[n] = (timed([BIN, "check", spec], runs),
                    timed([BIN, "render", spec, "--out", out], runs,
                          lambda o=out: shutil.rmtree(o, ignore_errors=True)))
            shutil.rmtree(out, ignore_errors=True)
        rows.append((kind, small, big, r))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1x3,50x4,200x10,1000x10")
    ap.add_argument("--quick", action="store_true", help="3 runs per figure")
    ap.add_argument("--instructions", action="store_true",
                    help="also count instructions of check and eval (needs valgrind)")
    ap.add_argument("--no-long", action="store_true",
                    help="skip the long-dimension cases (100,000 packages, 2,000-deep values, ...)")
    ap.add_argument("--dir", default=None,
                    help="where specs and trees go (default: the system temp dir); "
                         "/dev/shm takes the disk's writeback noise out of the file-system anchors")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "gen-spec"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    sizes = [tuple(int(n) for n in s.split("x")) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="devbox-bench-", dir=args.dir) as work:
        for u, c in sizes:
            print(f"benchmarking {u}x{c} ...", file=sys.stderr)
            results[(u, c)] = bench(u, c, work, args.quick, args.instructions)
        long_rows = [] if args.no_long else bench_long(work, args.quick)

    ms = lambda s: f"{s * 1000:8.1f}"
    print("| size | files | MB | render-empty ms | render-same ms | check ms | eval ms | nix ms | cp -r ms | diff -r ms | render/cp | check/diff | eval/nix | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (u, c), r in results.items():
        print(f"| {u}x{c} | {r['files']} | {r['bytes'] / 1e6:.1f} | {ms(r['render-empty'])} | {ms(r['render-same'])} | "
              f"{ms(r['check'])} | {ms(r['eval'])} | {ms(r['nix'])} | {ms(r['cp -r'])} | {ms(r['diff -r'])} | "
              f"{r['render-empty'] / r['cp -r']:.2f} | {r['check'] / r['diff -r']:.2f} | {r['eval'] / r['nix']:.2f} | {r['rss']:.1f} |")
    if args.instructions:
        print("\n| size | check Minstr | eval Minstr |\n|---|---|---|")
        for (u, c), r in results.items():
            print(f"| {u}x{c} | {r['instr check'] / 1e6:.0f} | {r['instr eval'] / 1e6:.0f} |")
    if long_rows:
        print("\n| dimension | n | check ms | render ms | 10n | check ms | render ms | render 10n/n | target |")
        print("|---|---|---|---|---|---|---|---|---|")
        for kind, small, big, r in long_rows:
            (cs, rs), (cb, rb) = r[small], r[big]
            print(f"| {kind} | {small} | {ms(cs)} | {ms(rs)} | {big} | {ms(cb)} | {ms(rb)} | {rb / rs:.1f} | "
                  f"≤ 10x and < 1000 ms |")
    if (200, 10) in results and (1000, 10) in results:
        a, b = results[(200, 10)], results[(1000, 10)]
        print(f"\nscaling 1000x10 / 200x10: render-empty {b['render-empty'] / a['render-empty']:.2f}x, "
              f"check {b['check'] / a['check']:.2f}x, eval {b['eval'] / a['eval']:.2f}x (5x is linear)")


if __name__ == "__main__":
    main()
