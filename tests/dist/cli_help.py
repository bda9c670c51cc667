"""The command line as `deskops --help` describes it, read independently of the generators that
the tests check (the man page and the completion scripts walk the CLI11 app; this reads the help
text CLI11 prints), so that a command or option they leave out cannot go unnoticed."""
import re
import subprocess


def help_text(binary, path):
    res = subprocess.run([binary, *path, "--help"], capture_output=True, text=True, timeout=30)
    assert res.returncode == 0, f"{' '.join(path)} --help: {res.stderr}"
    return res.stdout


def sections(text):
    """{"Options": [lines], "Subcommands": [...], "Positionals": [...]}."""
    out, current = {}, None
    for line in text.splitlines():
        m = re.fullmatch(r"(\w+):", line)
        if m:
            current = out.setdefault(m.group(1), [])
        elif current is not None and line.startswith("  ") and not line.startswith("   "):
            current.append(line.strip())
    return out


def command(binary, path=()):
    """{"path", "options": [names], "positionals": [names], "subcommands": [commands]}."""
    parts = sections(help_text(binary, list(path)))
    options = []
    for line in parts.get("Options", []):
        options += line.split()[0].split(",")
    return {
        "path": list(path),
        "options": options,
        "positionals": [line.split()[0] for line in parts.get("Positionals", [])],
        "subcommands": [command(binary, (*path, line.split()[0]))
                        for line in parts.get("Subcommands", [])],
    }


def flatten(cmd):
    yield cmd
    for sub in cmd["subcommands"]:
        yield from flatten(sub)
