#!/usr/bin/env python3
"""devbox-gen benchmark: one run, every size, printed as tables with ratios and the
performance targets (docs/performance.md) met or missed.

    python3 benches/bench.py [--sizes 1x3,50x4,200x10,1000x10] [--quick] [--instructions]

For each users x containers-per-user size it generates a spec (examples/gen-spec.rs)
and measures, as the median wall time of several runs (15, 7 for 1000x10, 3 with
--quick):
  render-empty   devbox-gen render into an empty directory
  render-same    devbox-gen render into an up-to-date directory (writes nothing)
  check          devbox-gen render --check on an up-to-date tree
  eval           devbox-gen eval SPEC --json (front end only)
  nix            nix-instantiate --store dummy:// --eval --strict --json of the same
                 files reading the same fields (anchor.nix)
  cp -r          copying the generated tree into an empty directory
  diff -r        comparing the tree with a copy
Each comparison with a peer (eval/nix, check/diff -r, render-empty/cp -r) is paired:
the two commands alternate within one loop, and the ratio printed is the median of
the per-pair ratios with its spread (min-max), so a busy machine slows both sides
alike. Peak RSS (/usr/bin/time -v) of render-empty, eval and nix. With
--instructions it also counts the instructions (all threads, valgrind's callgrind) of
eval, render --check and render-empty: the same binary and spec give the same count
on a busy machine, so small changes and the scaling 1000x10 / 200x10 can be compared.
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
        samples.append(once(cmd))
    return statistics.median(samples)


def once(cmd):
    """Wall seconds of one run; its output (and any warnings) discarded."""
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def paired(ours, peer, runs, before_ours=None, before_peer=None):
    """`ours` and `peer` alternating, `runs` pairs: (median ours, median peer,
    median of the per-pair ratios, min ratio, max ratio)."""
    a, b = [], []
    for i in range(runs):
        # Alternate who goes first, so neither always runs right after the other.
        if i % 2 == 0:
            a.append(prepared(ours, before_ours))
            b.append(prepared(peer, before_peer))
        else:
            b.append(prepared(peer, before_peer))
            a.append(prepared(ours, before_ours))
    ratios = [x / y for x, y in zip(a, b)]
    return statistics.median(a), statistics.median(b), statistics.median(ratios), min(ratios), max(ratios)


def prepared(cmd, before):
    if before:
        before()
    return once(cmd)


def peak_rss_mb(cmd):
    out = subprocess.run(["/usr/bin/time", "-v"] + cmd, check=False,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    for line in out.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1]) / 1024
    return float("nan")


def instructions(cmd, before=None):
    """Instructions executed by `cmd` (every thread), counted by callgrind."""
    if before:
        before()
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
    runs = 3 if quick else (7 if users * per_user >= 2000 else 15)

    def clear(p):
        return lambda: shutil.rmtree(p, ignore_errors=True)

    render_empty = [BIN, "render", spec, "--out", fresh]
    check = [BIN, "render", spec, "--out", out, "--check"]
    evaluate = [BIN, "eval", spec, "--json"]
    nix = shutil.which("nix-instantiate")
    nix_eval = ["env", "-i", f"PATH={os.environ['PATH']}", "HOME=/nonexistent", "NIX_PATH=",
                nix or "nix-instantiate", "--store", "dummy://", "--eval", "--strict", "--json",
                os.path.join(spec, "anchor.nix")]
    r = {}
    run([BIN, "render", spec, "--out", out])
    run(["cp", "-r", out, copy])
    r["render-same"] = timed([BIN, "render", spec, "--out", out], runs)
    r["render-empty"], r["cp -r"], *r["render/cp"] = paired(
        render_empty, ["cp", "-r", out, os.path.join(work, "copy2")], runs,
        clear(fresh), clear(os.path.join(work, "copy2")))
    r["check"], r["diff -r"], *r["check/diff"] = paired(check, ["diff", "-r", out, copy], runs)
    if nix:
        r["eval"], r["nix"], *r["eval/nix"] = paired(evaluate, nix_eval, runs)
        r["rss nix"] = peak_rss_mb(nix_eval)
    else:
        r["eval"] = timed(evaluate, runs)
        r["nix"], r["eval/nix"], r["rss nix"] = float("nan"), [float("nan")] * 3, float("nan")
    shutil.rmtree(fresh, ignore_errors=True)
    r["rss"] = peak_rss_mb(render_empty)
    r["rss eval"] = peak_rss_mb(evaluate)
    r["files"], r["bytes"] = tree_size(out)
    if count:
        r["instr check"] = instructions(check)
        r["instr eval"] = instructions(evaluate)
        r["instr render"] = instructions(render_empty, clear(fresh))
    for p in (fresh, copy, os.path.join(work, "copy2")):
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
            code = subprocess.run([BIN, "check", spec], check=False, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL).returncode
            r[n] = (timed([BIN, "check", spec], runs),
                    timed([BIN, "render", spec, "--out", out], runs,
                          lambda o=out: shutil.rmtree(o, ignore_errors=True)),
                    code)
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
    spread = lambda r, k: f"{r[k][0]:.2f} ({r[k][1]:.2f}-{r[k][2]:.2f})"
    print("| size | files | MB | render-empty ms | render-same ms | check ms | eval ms | nix ms | cp -r ms | diff -r ms "
          "| render/cp | check/diff | eval/nix | RSS render MB | RSS eval MB | RSS nix MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (u, c), r in results.items():
        print(f"| {u}x{c} | {r['files']} | {r['bytes'] / 1e6:.1f} | {ms(r['render-empty'])} | {ms(r['render-same'])} | "
              f"{ms(r['check'])} | {ms(r['eval'])} | {ms(r['nix'])} | {ms(r['cp -r'])} | {ms(r['diff -r'])} | "
              f"{spread(r, 'render/cp')} | {spread(r, 'check/diff')} | {spread(r, 'eval/nix')} | "
              f"{r['rss']:.1f} | {r['rss eval']:.1f} | {r['rss nix']:.1f} |")
    print("\nRatios: median of the per-pair ratios (min-max) of paired, alternating runs.")
    if args.instructions:
        print("\n| size | eval Minstr | check Minstr | render-empty Minstr |\n|---|---|---|---|")
        for (u, c), r in results.items():
            print(f"| {u}x{c} | {r['instr eval'] / 1e6:.0f} | {r['instr check'] / 1e6:.0f} | "
                  f"{r['instr render'] / 1e6:.0f} |")
    if long_rows:
        print("\n| dimension | n | check ms | render ms | 10n | check ms | render ms | render 10n/n | check 10n/n |")
        print("|---|---|---|---|---|---|---|---|---|")
        for kind, small, big, r in long_rows:
            (cs, rs, _), (cb, rb, _) = r[small], r[big]
            print(f"| {kind} | {small} | {ms(cs)} | {ms(rs)} | {big} | {ms(cb)} | {ms(rb)} | {rb / rs:.1f} | "
                  f"{cb / cs:.1f} |")
    print_targets(results, long_rows, args.instructions)


def print_targets(results, long_rows, counted):
    """The targets of docs/performance.md, each with what this run measured."""
    rows = []

    def row(figure, target, measured, met):
        rows.append((figure, target, measured, "met" if met else "MISSED"))

    for size in ((200, 10), (1000, 10)):
        r = results.get(size)
        if not r:
            continue
        name = f"{size[0]}x{size[1]}"
        if size == (200, 10) and r["nix"] == r["nix"]:
            row(f"eval vs nix-instantiate, {name}", "<= 0.5x wall", f"{r['eval/nix'][0]:.2f}x",
                r["eval/nix"][0] <= 0.5)
        row(f"render --check vs diff -r, {name}", "<= 1.5x", f"{r['check/diff'][0]:.2f}x",
            r["check/diff"][0] <= 1.5)
        if size == (1000, 10):
            row(f"render into an empty dir vs cp -r, {name}", "<= 1.5x", f"{r['render/cp'][0]:.2f}x",
                r["render/cp"][0] <= 1.5)
    a, b = results.get((200, 10)), results.get((1000, 10))
    if counted and a and b:
        for what in ("eval", "check", "render"):
            k = b[f"instr {what}"] / a[f"instr {what}"]
            row(f"instructions 1000x10 / 200x10, {what}", "<= 5.2x", f"{k:.2f}x", k <= 5.2)
    for kind, small, big, r in long_rows:
        (cs, rs, _), (cb, rb, code) = r[small], r[big]
        if kind == "deep":
            refused = code == 2
            worst = max(cb, rb)
            row(f"deep recursion-built value, {big} levels", "< 100 ms or refused",
                "refused (exit 2)" if refused else f"{worst * 1000:.0f} ms", refused or worst < 0.1)
            continue
        k = max(rb / rs, cb / cs)
        worst = max(cb, rb)
        row(f"{kind}: {big} vs {small}", "<= 10x and < 1 s", f"{k:.1f}x, {worst * 1000:.0f} ms",
            k <= 10 and worst < 1)
    r = results.get((1, 3))
    if r:
        worst = max(r["render-empty"], r["render-same"], r["check"], r["eval"])
        row("1x3 spec, any command", "< 10 ms", f"{worst * 1000:.1f} ms (slowest)", worst < 0.01)
    print("\n| figure | target | this run | |\n|---|---|---|---|")
    for figure, target, measured, verdict in rows:
        print(f"| {figure} | {target} | {measured} | {verdict} |")


if __name__ == "__main__":
    main()
