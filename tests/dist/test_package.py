#!/usr/bin/env python3
"""Builds the .deb with CPack, installs it into this system with dpkg, checks it, removes it.

Usage: test_package.py BUILD_DIR SOURCE_DIR CPACK [SYSTEMD_ANALYZE]

It changes the real system (/usr/bin/deskops, the units, dpkg's database), so it runs only as
root and only where that was asked for: DESKOPS_PACKAGE_TEST=1, or CI set (the CI machine is a
fresh Debian 12 that is thrown away). Otherwise it reports itself skipped (exit 77). It refuses
(fails) rather than touch a deskops that is already installed, from a package or by hand.

Checks: the package's name, version (project(VERSION)) and Depends (systemd, and for every shared
library the binary loads, the package that provides it: dpkg-shlibdeps ran; each one in the apt
archive, so apt can install the package on a clean system); `dpkg -i` succeeds;
/usr/bin/deskops version and --version print the built binary's version; systemd-analyze verify
passes on /lib/systemd/system/deskops.service and on the template as deskops@test.service (with
the man page check when man is installed); the man page, completions and docs are in place; no
unit was enabled or started; `dpkg -r deskops` removes every file and `dpkg --purge` the rest.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
BUILD, SOURCE, CPACK = (os.path.abspath(a) for a in sys.argv[1:4])
ANALYZE = sys.argv[4] if len(sys.argv) > 4 and os.path.isabs(sys.argv[4]) else None
BINARY = "/usr/bin/deskops"
# The package ships /usr/lib/systemd/system, which is /lib/systemd/system on a merged-/usr Debian
# 12 (every new installation); systemd reads both.
UNIT_DIR = ("/lib/systemd/system" if os.path.realpath("/lib") == "/usr/lib"
            else "/usr/lib/systemd/system")
FILES = [BINARY, f"{UNIT_DIR}/deskops.service", f"{UNIT_DIR}/deskops@.service",
         "/usr/share/man/man1/deskops.1", "/usr/share/bash-completion/completions/deskops",
         "/usr/share/zsh/vendor-completions/_deskops",
         "/usr/share/fish/vendor_completions.d/deskops.fish",
         "/usr/share/doc/deskops/LICENSE", "/usr/share/doc/deskops/examples/config.yaml"]


def run(*cmd, check=True, **kwargs):
    res = subprocess.run(list(cmd), capture_output=True, text=True, timeout=300, **kwargs)
    if check and res.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} (rc={res.returncode}):\n{res.stdout}{res.stderr}")
    return res


def installed():
    res = run("dpkg-query", "-W", "-f=${Status}", "deskops", check=False)
    return res.returncode == 0 and "installed" in res.stdout.split()[-1:]


def gate():
    """None to go on, or why the test must not touch this system."""
    if os.geteuid() != 0:
        return "not root: the test installs the .deb into this system with dpkg"
    if os.environ.get("DESKOPS_PACKAGE_TEST") != "1" and not os.environ.get("CI"):
        return ("it installs and removes a package on this system; set DESKOPS_PACKAGE_TEST=1 "
                "to run it here (CI runs it)")
    for tool in ("dpkg", "dpkg-deb", "dpkg-shlibdeps"):
        if not shutil.which(tool):
            return f"{tool} is missing (Debian package dpkg-dev)"
    return None


def build_package(out_dir):
    run(CPACK, "-G", "DEB", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", out_dir,
        cwd=BUILD)
    (deb,) = glob.glob(os.path.join(out_dir, "deskops_*.deb"))
    return deb


def project_version():
    with open(os.path.join(SOURCE, "CMakeLists.txt"), encoding="utf-8") as f:
        return re.search(r"^project\(deskops\s+VERSION\s+(\S+)", f.read(), re.M).group(1)


def library_packages(binary):
    """The packages that provide the shared libraries `binary` loads directly (ldd, dpkg -S)."""
    needed = re.findall(r"NEEDED\s+(\S+)", run("objdump", "-p", binary).stdout)
    paths = dict(re.findall(r"^\s*(\S+) => (/\S+)", run("ldd", binary).stdout, re.M))
    packages = set()
    for lib in needed:
        path = os.path.realpath(paths[lib])
        owner = run("dpkg-query", "-S", path, check=False)
        if owner.returncode != 0:  # registered under /lib or /usr/lib (merged /usr)
            alt = path[4:] if path.startswith("/usr/") else "/usr" + path
            owner = run("dpkg-query", "-S", alt)
        packages.add(owner.stdout.split(":")[0].strip())
    return packages


def check_control(deb):
    field = lambda name: run("dpkg-deb", "-f", deb, name).stdout.strip()  # noqa: E731
    assert field("Package") == "deskops", field("Package")
    assert field("Version") == project_version(), \
        f"Version {field('Version')}, CMakeLists.txt says {project_version()}"
    depends = {d.strip().split(" ")[0] for d in field("Depends").split(",")}
    built = os.path.join(BUILD, "bin", "deskops")
    want = library_packages(built) | {"systemd"}
    assert want <= depends, f"Depends: {field('Depends')} lacks {sorted(want - depends)}"
    print(f"control: deskops {field('Version')}, Depends: {field('Depends')}")
    # A clean Debian 12 installs it with apt only if every dependency is in the archive.
    res = run("apt-cache", "show", "--no-all-versions", *sorted(depends), check=False)
    found = set(re.findall(r"^Package: (\S+)$", res.stdout, re.M))
    if "libc6" not in found:
        print("NOT CHECKED: dependencies in the archive (no apt package lists: apt-get update)")
    else:
        assert depends <= found, f"Depends names {sorted(depends - found)}, not in the archive"
        print("every dependency is in the archive")


def check_installed():
    built = run(os.path.join(BUILD, "bin", "deskops"), "version").stdout
    for args in (["version"], ["--version"]):
        got = run(BINARY, *args).stdout
        assert got == built, f"{BINARY} {' '.join(args)}: {got!r}, built {built!r}"
    for path in FILES:
        assert os.path.isfile(path), f"{path} is not installed"
    print(f"{BINARY} version: {built.strip()}")
    # The installed units must pass systemd-analyze verify: without it the test cannot say so.
    assert ANALYZE, "systemd-analyze is not installed (Debian package systemd): cannot verify " \
                    "the installed units"
    man = "--man=yes" if shutil.which("man") else "--man=no"
    for unit in ("deskops.service", "deskops@test.service"):
        res = run(ANALYZE, "verify", man, f"{UNIT_DIR}/{unit}", check=False)
        assert res.returncode == 0 and not (res.stdout + res.stderr).strip(), \
            f"systemd-analyze verify {unit} (rc={res.returncode}):\n{res.stdout}{res.stderr}"
        print(f"systemd-analyze verify {man} {UNIT_DIR}/{unit}: clean")
    if shutil.which("man"):
        where = run("man", "-w", "deskops").stdout.strip()
        assert where == "/usr/share/man/man1/deskops.1", f"man -w deskops: {where}"
    res = run("bash", "--norc", "-c",
              "source /usr/share/bash-completion/completions/deskops; complete -p deskops")
    assert res.stdout == "complete -F _deskops deskops\n", res.stdout
    enabled = glob.glob("/etc/systemd/system/*.wants/deskops*")
    assert not enabled, f"the package enabled units: {enabled}"


def check_removed():
    assert not installed(), "dpkg -r left deskops installed"
    left = [p for p in FILES if os.path.lexists(p)]
    assert not left, f"dpkg -r left {left}"
    print("dpkg -r deskops: every file removed")
    # The maintainer scripts keep the package known to dpkg (config-files) until a purge.
    run("dpkg", "--purge", "deskops")
    assert run("dpkg-query", "-W", "deskops", check=False).returncode != 0, "dpkg still knows it"
    print("dpkg --purge deskops: gone from dpkg's database")


def main():
    why = gate()
    if why:
        print(f"SKIPPED: {why}")
        return SKIP
    if installed() or os.path.lexists(BINARY):
        print(f"FAIL: deskops is already installed here ({BINARY}); the test would replace and "
              "then remove it. Remove it first (dpkg -r deskops) or run the test elsewhere.")
        return 1
    with tempfile.TemporaryDirectory(prefix="deskops-deb-") as out:
        deb = build_package(out)
        print(f"built {os.path.basename(deb)} ({os.path.getsize(deb) // 1024} KiB)")
        check_control(deb)
        try:
            run("dpkg", "-i", deb)
            check_installed()
        finally:
            if installed():
                run("dpkg", "-r", "deskops")
        check_removed()
    print("package: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
