#!/usr/bin/env python3
"""Writes the generated NixOS module into the guest root the way NixOS would.

    install.py ROOT MODULE_JSON TRACES TREE HARNESS_DIR [--reinstall]

MODULE_JSON is scripts/e2e/eval.nix's output (the options the module sets);
TRACES its stderr, whose `devbox-e2e-drv` lines say what each store path is
(scripts/e2e/pkgs.nix). Nothing here knows what the module contains: it
applies NixOS options (environment.etc, systemd.services, systemd.tmpfiles.rules, systemd.user.*,
users.users.*, system.userActivationScripts) and refuses any option it does
not know, so a module that grows a new kind of setting fails the harness
instead of being silently left out.

--reinstall: into a guest that has a module installed (a `nixos-rebuild
switch` to a new generation, scripts/e2e/guest/driver.sh replays the rest):
the previous generation's /etc entries and units go first, as NixOS's /etc
and unit directories hold the new generation only; the store stays.

NixOS semantics emulated (nixpkgs nixos/modules/system/boot/systemd.nix,
nixos/lib/systemd-lib.nix, nixos/modules/system/etc/etc.nix):
- units: `wantedBy` becomes a link in <target>.wants/; lists become repeated
  keys; booleans true/false; `environment` Environment="K=V" lines;
- a service's PATH is its `path` list plus coreutils, findutils, gnugrep,
  gnused and systemd: their bin/ directories, then their sbin/ directories;
- /etc entries with a `mode` are copies, the others links into the store;
- packages are bin/ directories of links to the guest's Debian binaries
  (PACKAGE_MAP, with EXTRA_FILES at their own path in an image), or of the
  harness's fakes (tailscale, op, code-server).
"""

import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile

ROOT, MODULE_JSON, TRACES, TREE, HARNESS = sys.argv[1:6]
REINSTALL = sys.argv[6:7] == ["--reinstall"]

# nixpkgs attribute -> Debian packages whose bin/ and sbin/ files it provides.
PACKAGE_MAP = {
    "bash": ["bash"],
    "bashInteractive": ["bash"],
    "coreutils": ["coreutils"],
    "findutils": ["findutils"],
    "gnugrep": ["grep"],
    "gnused": ["sed"],
    "systemd": ["systemd", "systemd-sysv"],
    "podman": ["podman"],
    "util-linux": ["util-linux"],
    # The capped homes' root unit (devbox-home-quota-<owner>).
    "e2fsprogs": ["e2fsprogs"],
    "xfsprogs": ["xfsprogs"],
    "quota": ["quota"],
    "iproute2": ["iproute2"],
    "procps": ["procps"],
    "jq": ["jq"],
    "zsh": ["zsh"],
    "syncthing": ["syncthing"],
    "openssh": ["openssh-server", "openssh-client"],
    "gzip": ["gzip"],
    "curl": ["curl"],
    "which": ["debianutils"],
}
# Files a package's binaries run by their compiled-in absolute path: copied
# into an image at that path (sshd starts sshd-session and sshd-auth).
EXTRA_FILES = {
    "openssh": ["/usr/lib/openssh/sshd-session", "/usr/lib/openssh/sshd-auth", "/usr/lib/openssh/sftp-server"],
}
# nixpkgs' bash has `sh` beside `bash` (Debian's comes from dash).
SH_LINK = {"bash", "bashInteractive"}
# nixpkgs attribute -> the harness's fakes (scripts/e2e/fakes/), with the
# real command-line contract; they record every call.
FAKE_MAP = {
    "tailscale": ["tailscale", "tailscaled"],
    "_1password-cli": ["op"],
    "code-server": ["code-server"],
}
# NixOS adds these to every service's `path` (systemd.nix, `path = mkAfter`).
DEFAULT_PATH = ["coreutils", "findutils", "gnugrep", "gnused", "systemd"]

KNOWN = {
    "assertions": None,
    "treeFiles": None,
    "defaultPath": None,
    "virtualisation": {"podman": {"enable": None}},
    "nixpkgs": {"config": {"allows1PasswordCli": None}},
    "environment": {"etc": None},
    "users": {"users": None},
    "systemd": {"services": None, "timers": None, "tmpfiles": {"rules": None},
                "user": {"units": None, "services": None, "timers": None}},
    "system": {"userActivationScripts": None, "activationScripts": None},
}
SERVICE_KEYS = {
    "description", "wants", "requires", "after", "before", "bindsTo", "partOf", "conflicts",
    "wantedBy", "requiredBy", "unitConfig", "serviceConfig", "environment", "path", "enable",
}
TIMER_KEYS = {"description", "wantedBy", "timerConfig", "unitConfig", "enable", "wants", "after", "before"}
USER_KEYS = {"linger", "autoSubUidGidRange", "packages"}


def die(msg):
    print(f"install.py: {msg}", file=sys.stderr)
    sys.exit(1)


def check_known(value, known, where):
    if known is None:
        return
    if not isinstance(value, dict):
        die(f"{where}: expected an attribute set")
    for k, v in value.items():
        if k not in known:
            die(f"the module sets {where + '.' if where else ''}{k}, which the harness does not apply")
        check_known(v, known[k], f"{where + '.' if where else ''}{k}")


def g(path):
    """The guest path of an absolute path."""
    return os.path.join(ROOT, path.lstrip("/"))


# What this generation installs outside the store (guest paths), so that the
# next one (--reinstall) removes what it no longer has.
INSTALLED = "/var/lib/devbox-e2e/installed"
installed = []
if REINSTALL:
    for p in open(g(INSTALLED)).read().split("\n"):
        if p and os.path.lexists(g(p)):
            os.unlink(g(p))
    for f in ("units-system", "units-user"):
        if os.path.exists(g(f"/var/lib/devbox-e2e/{f}")):
            os.unlink(g(f"/var/lib/devbox-e2e/{f}"))


module = json.load(open(MODULE_JSON))
check_known(module, KNOWN, "")
drvs = {}
for line in open(TRACES, encoding="utf-8"):
    marker = "devbox-e2e-drv "
    if marker in line:
        d = json.loads(line.split(marker, 1)[1])
        drvs[d["path"]] = d
tree_files = module["treeFiles"]

failed = [a["message"] for a in module.get("assertions", []) if not a["assertion"]]
if failed:
    die("module assertions failed:\n  " + "\n  ".join(failed))
if module.get("virtualisation", {}).get("podman", {}).get("enable") is not True:
    die("the module does not set virtualisation.podman.enable")
for name, c in module.get("nixpkgs", {}).items():
    if not c.get("allows1PasswordCli"):
        die("nixpkgs.config.allowUnfreePredicate does not allow 1password-cli")


# ---------------------------------------------------------------- the store
def dpkg_bins(pkg):
    out = []
    with open(g(f"/var/lib/dpkg/info/{pkg}.list")) as f:
        for p in f.read().split("\n"):
            d = os.path.dirname(p)
            if d in ("/bin", "/sbin", "/usr/bin", "/usr/sbin") and os.path.isfile(g(p)):
                out.append(p)
    # usrmerge: one name once, /usr first.
    seen, res = set(), []
    for p in sorted(out, key=lambda p: (not p.startswith("/usr"), p)):
        if os.path.basename(p) not in seen:
            seen.add(os.path.basename(p))
            res.append(p)
    return res


def store_path_of(s):
    """The store path a string starts with (/nix/store/<hash>-<name>)."""
    if not s.startswith("/nix/store/"):
        return None
    return "/".join(s.split("/")[:4])


materialised = set()


def materialise(path):
    if path in materialised:
        return
    materialised.add(path)
    if REINSTALL and os.path.lexists(g(path)):
        return  # a store path has the same contents in every generation
    if path in tree_files:
        src = os.path.join(TREE, tree_files[path])
        os.makedirs(os.path.dirname(g(path)), exist_ok=True)
        shutil.copyfile(src, g(path))
        os.chmod(g(path), 0o555 if os.access(src, os.X_OK) else 0o444)
        return
    d = drvs.get(path)
    if d is None:
        die(f"{path}: neither a file of the tree nor a value of the stub pkgs")
    kind, name, args = d["kind"], d["name"], d["args"]
    out = g(path)
    if kind == "package":
        os.makedirs(os.path.join(out, "bin"), exist_ok=True)
        if name in FAKE_MAP:
            for f in FAKE_MAP[name]:
                shutil.copyfile(os.path.join(HARNESS, "fakes", f), os.path.join(out, "bin", f))
                os.chmod(os.path.join(out, "bin", f), 0o555)
        for deb in PACKAGE_MAP.get(name, []):
            for b in dpkg_bins(deb):
                link = os.path.join(out, "bin", os.path.basename(b))
                if not os.path.lexists(link):
                    os.symlink(b, link)
        if name in SH_LINK and not os.path.lexists(os.path.join(out, "bin", "sh")):
            os.symlink("/usr/bin/bash", os.path.join(out, "bin", "sh"))
        # Others (compilers, editors) have nothing the tests run: an empty bin/.
    elif kind == "writeTextFile":
        target = out + args["destination"]
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(args["text"])
        os.chmod(target, 0o555 if args["executable"] else 0o444)
        for ref in refs_in(args["text"]):
            materialise(ref)
    elif kind == "runCommand":
        for ref in refs_in(args["buildCommand"]):
            materialise(ref)
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "out": path, **{k: str(v) for k, v in args["env"].items()}}
        subprocess.run(["chroot", ROOT, "/bin/bash", "-euc", args["buildCommand"]], env=env, check=True)
    elif kind == "symlinkJoin":
        for p in args["paths"]:
            materialise(p)
            for dirpath, _, files in os.walk(g(p)):
                rel = os.path.relpath(dirpath, g(p))
                os.makedirs(os.path.join(out, rel), exist_ok=True)
                for f in files:
                    os.symlink(os.path.join(p, rel, f), os.path.join(out, rel, f))
    elif kind == "fakeNss":
        os.makedirs(os.path.join(out, "etc"), exist_ok=True)
        os.makedirs(os.path.join(out, "var", "empty"), exist_ok=True)
        passwd = ["root:x:0:0:root user:/var/empty:/bin/sh", "nobody:x:65534:65534:nobody:/var/empty:/bin/sh"]
        group = ["root:x:0:", "nobody:x:65534:"]
        with open(os.path.join(out, "etc", "passwd"), "w") as f:
            f.write("\n".join(passwd + args["extraPasswdLines"]) + "\n")
        with open(os.path.join(out, "etc", "group"), "w") as f:
            f.write("\n".join(group + args["extraGroupLines"]) + "\n")
        with open(os.path.join(out, "etc", "nsswitch.conf"), "w") as f:
            f.write("hosts: files dns\n")
    elif kind == "image":
        build_image(path, args)
    else:
        die(f"{path}: unknown kind {kind}")


def refs_in(text):
    refs = set()
    i = text.find("/nix/store/")
    while i >= 0:
        j = i + len("/nix/store/")
        while j < len(text) and (text[j].isalnum() or text[j] in "+-._?="):
            j += 1
        refs.add(text[i:j])
        i = text.find("/nix/store/", j)
    return {r for r in refs if r in drvs or r in tree_files}


# ---------------------------------------------------------------- images
def ldd(binaries):
    """The shared libraries (and the loader) of guest binaries, guest paths."""
    libs = set()
    if not binaries:
        return libs
    r = subprocess.run(["chroot", ROOT, "ldd", *binaries], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        parts = line.split()
        if "=>" in parts:
            k = parts.index("=>")
            if k + 1 < len(parts) and parts[k + 1].startswith("/"):
                libs.add(parts[k + 1])
        elif parts and parts[0].startswith("/") and not line.endswith(":"):
            libs.add(parts[0])
    return libs


def build_image(path, args):
    """A docker-archive with the contract of dockerTools.buildLayeredImage:
    each of `contents` in its store path and linked into / (bin/, etc/, …),
    extraCommands then fakeRootCommands run in the layer root, the `config`
    as the image config, tagged name:tag. Packages are the guest's binaries
    copied with their libraries (the image has no /usr otherwise)."""
    stage = g(f"/var/lib/devbox-e2e/image-build/{os.path.basename(path)}")
    shutil.rmtree(stage, ignore_errors=True)
    os.makedirs(stage)
    guest_bins = []
    for c in args["contents"]:
        materialise(c)
        src = g(c)
        dst = os.path.join(stage, c.lstrip("/"))
        for dirpath, dirs, files in os.walk(src):
            rel = os.path.relpath(dirpath, src)
            os.makedirs(os.path.join(dst, rel), exist_ok=True)
            for f in files:
                s = os.path.join(dirpath, f)
                t = os.path.join(dst, rel, f)
                if os.path.islink(s) and os.readlink(s).startswith("/") and not os.readlink(s).startswith("/nix/"):
                    # A link to a Debian binary: the binary itself, and its libraries.
                    real = os.readlink(s)
                    shutil.copy2(g(real), t, follow_symlinks=True)
                    guest_bins.append(real)
                elif os.path.islink(s):
                    os.symlink(os.readlink(s), t)
                else:
                    shutil.copy2(s, t)
        # buildLayeredImage links the contents' top-level entries into /.
        for dirpath, dirs, files in os.walk(src):
            rel = os.path.relpath(dirpath, src)
            os.makedirs(os.path.join(stage, rel), exist_ok=True)
            for f in files:
                link = os.path.join(stage, rel, f)
                if not os.path.lexists(link):
                    os.symlink(os.path.join(c, rel, f).replace("/./", "/"), link)
    for c in args["contents"]:
        for extra in EXTRA_FILES.get(drvs.get(c, {}).get("name"), []):
            if os.path.exists(g(extra)):
                t = os.path.join(stage, extra.lstrip("/"))
                os.makedirs(os.path.dirname(t), exist_ok=True)
                shutil.copy2(g(extra), t)
                guest_bins.append(extra)
    for lib in ldd(guest_bins):
        t = os.path.join(stage, lib.lstrip("/"))
        os.makedirs(os.path.dirname(t), exist_ok=True)
        shutil.copy2(g(lib), t, follow_symlinks=True)
    for cmds in (args["extraCommands"], args["fakeRootCommands"]):
        if cmds:
            subprocess.run(["/bin/bash", "-euc", cmds], cwd=stage, check=True)
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as t:
        for dirpath, dirs, files in os.walk(stage):
            dirs.sort()
            for f in sorted(dirs + files):
                full = os.path.join(dirpath, f)
                t.add(full, arcname=os.path.relpath(full, stage), recursive=False)
    layer_bytes = layer.getvalue()
    diff_id = "sha256:" + hashlib.sha256(layer_bytes).hexdigest()
    cfg = {
        "architecture": "amd64",
        "os": "linux",
        "created": "1970-01-01T00:00:01Z",
        "config": args["config"],
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    }
    cfg_bytes = json.dumps(cfg, sort_keys=True).encode()
    tag = args["tag"] or "latest"
    manifest = [{"Config": "config.json", "RepoTags": [f"{args['name']}:{tag}"], "Layers": ["layer.tar"]}]
    os.makedirs(os.path.dirname(g(path)), exist_ok=True)
    with tarfile.open(g(path), "w") as t:
        for name, data in (("config.json", cfg_bytes), ("layer.tar", layer_bytes),
                           ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o444
            t.addfile(info, io.BytesIO(data))
    os.chmod(g(path), 0o444)
    shutil.rmtree(stage)


# ---------------------------------------------------------------- units
def fmt(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def section(name, attrs):
    lines = [f"[{name}]"]
    for k, v in attrs.items():
        for x in (v if isinstance(v, list) else [v]):
            lines.append(f"{k}={fmt(x)}")
    return lines


def deps(u):
    out = {}
    for opt, key in (("wants", "Wants"), ("requires", "Requires"), ("after", "After"), ("before", "Before"),
                     ("bindsTo", "BindsTo"), ("partOf", "PartOf"), ("conflicts", "Conflicts")):
        if u.get(opt):
            out[key] = " ".join(u[opt])
    return out


def for_each_store_ref(value):
    if isinstance(value, str):
        for r in refs_in(value):
            materialise(r)
    elif isinstance(value, list):
        for x in value:
            for_each_store_ref(x)
    elif isinstance(value, dict):
        for x in value.values():
            for_each_store_ref(x)


def install_unit(unit_dir, name, text, wanted_by):
    # The driver checks that every unit installed here ran.
    os.makedirs(g("/var/lib/devbox-e2e"), exist_ok=True)
    with open(g("/var/lib/devbox-e2e/units-" + os.path.basename(unit_dir)), "a") as f:
        f.write(name + "\n")
    os.makedirs(g(unit_dir), exist_ok=True)
    with open(g(f"{unit_dir}/{name}"), "w") as f:
        f.write(text)
    installed.append(f"{unit_dir}/{name}")
    for target in wanted_by:
        d = g(f"{unit_dir}/{target}.wants")
        os.makedirs(d, exist_ok=True)
        link = os.path.join(d, name)
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(f"{unit_dir}/{name}", link)
        installed.append(f"{unit_dir}/{target}.wants/{name}")


def service_unit(name, u, unit_dir):
    extra = set(u) - SERVICE_KEYS
    if extra:
        die(f"service {name}: options the harness does not apply: {sorted(extra)}")
    for_each_store_ref(u)
    unit = {"Description": u["description"]} if u.get("description") else {}
    unit.update(deps(u))
    unit.update(u.get("unitConfig", {}))
    env = dict(u.get("environment", {}))
    path = list(u.get("path", [])) + module["defaultPath"]
    for p in path:
        materialise(p)
    env["PATH"] = ":".join([f"{p}/bin" for p in path] + [f"{p}/sbin" for p in path])
    service = {"Environment": [f'"{k}={v}"' for k, v in sorted(env.items())]}
    service.update(u.get("serviceConfig", {}))
    text = "\n".join(section("Unit", unit) + [""] + section("Service", service)) + "\n"
    # As NixOS: a unit systemd itself ships (user@.service) is extended by a
    # drop-in, <unit>.d/overrides.conf, not replaced.
    upstream = "/usr/lib/systemd/" + ("system" if unit_dir == "/etc/systemd/system" else "user")
    if os.path.exists(g(f"{upstream}/{name}.service")):
        d = f"{unit_dir}/{name}.service.d"
        os.makedirs(g(d), exist_ok=True)
        with open(g(f"{d}/overrides.conf"), "w") as f:
            f.write(text)
        installed.append(f"{d}/overrides.conf")
        return
    install_unit(unit_dir, f"{name}.service", text, u.get("wantedBy", []))


def timer_unit(name, u, unit_dir):
    extra = set(u) - TIMER_KEYS
    if extra:
        die(f"timer {name}: options the harness does not apply: {sorted(extra)}")
    unit = {"Description": u["description"]} if u.get("description") else {}
    unit.update(deps(u))
    unit.update(u.get("unitConfig", {}))
    text = "\n".join(section("Unit", unit) + [""] + section("Timer", u.get("timerConfig", {}))) + "\n"
    install_unit(unit_dir, f"{name}.timer", text, u.get("wantedBy", []))


sysd = module.get("systemd", {})
for name, u in sysd.get("services", {}).items():
    service_unit(name, u, "/etc/systemd/system")
for name, u in sysd.get("timers", {}).items():
    timer_unit(name, u, "/etc/systemd/system")
user = sysd.get("user", {})
for name, u in user.get("services", {}).items():
    service_unit(name, u, "/etc/systemd/user")
for name, u in user.get("timers", {}).items():
    timer_unit(name, u, "/etc/systemd/user")
for name, u in user.get("units", {}).items():
    extra = set(u) - {"text", "wantedBy", "enable"}
    if extra:
        die(f"user unit {name}: options the harness does not apply: {sorted(extra)}")
    for_each_store_ref(u["text"])
    install_unit("/etc/systemd/user", name, u["text"], u.get("wantedBy", []))

# ---------------------------------------------------------------- /etc
for name, e in module.get("environment", {}).get("etc", {}).items():
    extra = set(e) - {"source", "text", "mode"}
    if extra:
        die(f"environment.etc.{name}: options the harness does not apply: {sorted(extra)}")
    target = g(f"/etc/{name}")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if "text" in e:
        for_each_store_ref(e["text"])
        src_path = None
        data = e["text"].encode()
    else:
        sp = store_path_of(e["source"])
        if sp is None:
            die(f"environment.etc.{name}.source is not a store path: {e['source']}")
        materialise(sp)
        src_path = e["source"]
        data = None
    if os.path.lexists(target):
        os.unlink(target)
    installed.append(f"/etc/{name}")
    if e.get("mode", "symlink") == "symlink" and src_path:
        os.symlink(src_path, target)
    else:
        if data is None:
            with open(g(src_path), "rb") as f:
                data = f.read()
        with open(target, "wb") as f:
            f.write(data)
        os.chmod(target, int(e.get("mode", "0444"), 8))

# ---------------------------------------------------------------- users
subuid = []
for name, u in sorted(module.get("users", {}).get("users", {}).items()):
    extra = set(u) - USER_KEYS
    if extra:
        die(f"users.users.{name}: options the harness does not apply: {sorted(extra)}")
    if u.get("linger") and not REINSTALL:
        os.makedirs(g("/var/lib/systemd/linger"), exist_ok=True)
        open(g(f"/var/lib/systemd/linger/{name}"), "w").close()
    if u.get("autoSubUidGidRange") and not REINSTALL:
        uid = int(subprocess.run(["chroot", ROOT, "id", "-u", name], capture_output=True, text=True,
                                 check=True).stdout)
        # nixos/modules/config/users-groups.nix: 100000 + (uid - 1000) * 65536.
        subuid.append(f"{name}:{100000 + (uid - 1000) * 65536}:65536\n")
    # users.users.<u>.packages: the per-user profile on their login PATH.
    prof = g(f"/etc/profiles/per-user/{name}/bin")
    os.makedirs(prof, exist_ok=True)
    for p in u.get("packages", []):
        materialise(p)
        if os.path.isdir(g(f"{p}/bin")):
            for b in os.listdir(g(f"{p}/bin")):
                os.symlink(f"{p}/bin/{b}", os.path.join(prof, b))
                installed.append(f"/etc/profiles/per-user/{name}/bin/{b}")
# A rebuild keeps the accounts' ranges (linger is left as it was too: the
# harness keeps a removed owner's user manager running, the harder case).
if not REINSTALL:
    for f in ("/etc/subuid", "/etc/subgid"):
        with open(g(f), "w") as fh:
            fh.writelines(subuid)

# ---------------------------------------------------------------- tmpfiles
# systemd.tmpfiles.rules: NixOS writes them to /etc/tmpfiles.d/00-nixos.conf,
# applied at boot and by `systemd-tmpfiles --create` at each switch.
rules = module.get("systemd", {}).get("tmpfiles", {}).get("rules", [])
if rules:
    os.makedirs(g("/etc/tmpfiles.d"), exist_ok=True)
    with open(g("/etc/tmpfiles.d/00-nixos.conf"), "w") as f:
        f.write("\n".join(rules) + "\n")
    installed.append("/etc/tmpfiles.d/00-nixos.conf")

# ---------------------------------------------------------------- activation
# NixOS's wrapper of each snippet (nixos/modules/system/activation/
# activation-script.nix): an ERR trap records a failing command, the snippets
# all run, the script exits 1 when one failed.
def activation_script(path, scripts):
    body = ""
    for name, text in sorted(scripts.items()):
        t = text if isinstance(text, str) else text["text"]
        for_each_store_ref(t)
        body += (f"# Activation script snippet {name}:\n_localstatus=0\n{t}\n"
                 f"if (( _localstatus > 0 )); then printf \"Activation script snippet '%s' failed (%s)\\n\" "
                 f"{name} \"$_localstatus\"; fi\n")
    with open(g(path), "w") as f:
        f.write("#!/bin/bash\n_status=0\ntrap '_status=1 _localstatus=$?' ERR\n" + body + "exit $_status\n")
    os.chmod(g(path), 0o555)


# system.activationScripts: run at boot before systemd and at each switch
# (the harness: scripts/e2e.sh after installing, the driver at a rebuild).
activation_script("/var/lib/devbox-e2e/nixos-system-activation",
                  module.get("system", {}).get("activationScripts", {}))
# system.userActivationScripts: NixOS runs them in every user manager as the
# user unit nixos-activation.service (wanted by default.target, and started
# again by switch-to-configuration after re-executing the manager).
scripts = module.get("system", {}).get("userActivationScripts", {})
if scripts:
    script = "/var/lib/devbox-e2e/nixos-activation"
    activation_script(script, scripts)
    install_unit("/etc/systemd/user", "nixos-activation.service",
                 "[Unit]\nDescription=Run user-specific NixOS activation\nConditionUser=!@system\n\n"
                 f"[Service]\nType=oneshot\nExecStart={script}\n", ["default.target"])

with open(g(INSTALLED), "w") as f:
    f.write("\n".join(installed) + "\n")
