#!/usr/bin/env python3
"""The man page and the shell completions of the built deskops cover its whole command line, as
its --help describes it (cli_help.py), and work in the shells that load them.

- `deskops man`: every command has a section, every option and positional argument is documented,
  and groff formats it without a warning (when groff is installed).
- `deskops completion bash`: bash loads it (`complete -p deskops`) and completes every command at
  every level, every option, `get`'s kinds (from the kind registry) and `-o`'s formats.
- zsh and fish: the scripts parse, and complete commands and kinds (zsh through its wrapper with
  compadd stubbed, fish with `complete -C`); skipped, saying so, where the shell is not installed.

Usage: test_cli_docs.py DESKOPS_BINARY
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_help  # noqa: E402

DESKOPS = sys.argv.pop(1) if len(sys.argv) > 1 else os.environ.get("DESKOPS", "deskops")
CLI = cli_help.command(DESKOPS)


def output(*args):
    return subprocess.run([DESKOPS, *args], capture_output=True, text=True, check=True,
                          timeout=30).stdout


def kinds():
    return [k["plural"] for k in json.loads(output("schema", "--kinds"))]


def unescape(troff):
    """Text as a reader sees it: fonts dropped, escapes resolved."""
    text = re.sub(r"\\f[BIRP]", "", troff)
    return text.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")


class ManPageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.troff = output("man")
        cls.text = unescape(cls.troff)

    def test_is_a_section_1_page(self):
        version = output("version").split()[1]
        self.assertRegex(self.troff, rf'(?m)^\.TH DESKOPS 1 "" "deskops {re.escape(version)}" ')
        for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXIT STATUS",
                        "ENVIRONMENT", "FILES"):
            self.assertRegex(self.troff, rf"(?m)^\.SH {section}$")

    def test_every_command_has_a_section(self):
        headings = [unescape(h) for h in re.findall(r'(?m)^\.SS "(.*)"$', self.troff)]
        for cmd in cli_help.flatten(CLI):
            if not cmd["path"]:
                continue
            name = " ".join(["deskops", *cmd["path"]])
            with self.subTest(name):
                self.assertTrue(any(h == name or h.startswith(name + " ") for h in headings),
                                f"no .SS for {name} in {headings}")

    def test_every_option_and_argument_is_documented(self):
        for cmd in cli_help.flatten(CLI):
            section = self.section_of(cmd)
            for option in cmd["options"]:
                with self.subTest(command=cmd["path"], option=option):
                    self.assertRegex(section, rf"(?m)^(.*, )?{re.escape(option)}(,| |$)")
            for positional in cmd["positionals"]:
                with self.subTest(command=cmd["path"], positional=positional):
                    self.assertRegex(section, rf"(?m)^{positional.upper()}$")

    def section_of(self, cmd):
        """The text documenting one command (the page's OPTIONS section for the program)."""
        if not cmd["path"]:
            return self.text.split(".SH OPTIONS\n", 1)[1].split(".SH COMMANDS\n", 1)[0]
        name = " ".join(["deskops", *cmd["path"]])
        start = re.search(rf'(?m)^\.SS "{re.escape(name)}( .*)?"$', self.text)
        rest = self.text[start.end():]
        end = re.search(r"(?m)^\.S[SH] ", rest)
        return rest[:end.start()] if end else rest

    def test_groff_formats_it_without_warnings(self):
        groff = shutil.which("groff")
        if not groff:
            self.skipTest("groff is not installed")
        res = subprocess.run([groff, "-man", "-ww", "-z"], input=self.troff, capture_output=True,
                             text=True, timeout=60)
        self.assertEqual((res.returncode, res.stderr), (0, ""))

    def test_hidden_commands_stay_hidden(self):
        self.assertNotRegex(self.troff, r'(?m)^\.SS "\\fBdeskops man')


class BashCompletionTest(unittest.TestCase):
    def complete(self, *words):
        """COMPREPLY for the command line `words` with the cursor at the end of the last."""
        script = ("source <(\"$0\" completion bash) || exit 1\n"
                  "COMP_WORDS=(\"${@}\"); COMP_CWORD=$(($# - 1)); _deskops\n"
                  "[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\\n' \"${COMPREPLY[@]}\"\n")
        res = subprocess.run(["bash", "--noprofile", "--norc", "-c", script, DESKOPS, "deskops",
                              *words], capture_output=True, text=True, timeout=30)
        self.assertEqual(res.returncode, 0, res.stderr)
        return res.stdout.split()

    def test_bash_loads_it(self):
        res = subprocess.run(["bash", "--noprofile", "--norc", "-c",
                              'source <("$0" completion bash); complete -p deskops', DESKOPS],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual((res.returncode, res.stderr), (0, ""))
        self.assertEqual(res.stdout, "complete -F _deskops deskops\n")

    def test_ap_completes_to_apply(self):
        self.assertEqual(self.complete("ap"), ["apply"])

    def test_every_command_at_every_level(self):
        for cmd in cli_help.flatten(CLI):
            names = [sub["path"][-1] for sub in cmd["subcommands"]]
            if names:
                with self.subTest(cmd["path"]):
                    self.assertEqual(self.complete(*cmd["path"], ""), names)

    def test_every_option_of_every_command(self):
        for cmd in cli_help.flatten(CLI):
            with self.subTest(cmd["path"]):
                self.assertEqual(sorted(self.complete(*cmd["path"], "-")), sorted(cmd["options"]))

    def test_values(self):
        cases = [
            (["get", ""], kinds()),
            (["get", "desktopp"], ["desktoppools"]),
            (["get", "-o", "json", "us"], [k for k in kinds() if k.startswith("us")]),
            (["get", "-o", ""], ["table", "json", "yaml"]),
            (["plan", "--log-level", "w"], ["warn"]),
            (["completion", ""], ["bash", "zsh", "fish"]),
            (["schema", "--kind", "Desk"], ["Desktop", "DesktopNamePolicy", "DesktopPool"]),
        ]
        for words, want in cases:
            with self.subTest(words):
                got = self.complete(*words)
                if words[0] == "get" and words[-1] == "":
                    self.assertEqual(got[:len(want)], want, "the registry's kinds first")
                else:
                    self.assertEqual(sorted(got), sorted(want))

    def test_files_where_a_command_takes_them(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "tenant.yaml")
            open(path, "w").close()
            for words in (["validate", path[:-4]], ["plan", "--config", path[:-4]],
                          ["config", "check", path[:-4]]):
                with self.subTest(words):
                    self.assertEqual(self.complete(*words), [path])


class ZshCompletionTest(unittest.TestCase):
    def setUp(self):
        self.zsh = shutil.which("zsh")
        if not self.zsh:
            self.skipTest("zsh is not installed (the script is checked only where it is)")
        self.script = output("completion", "zsh")

    def test_parses(self):
        res = subprocess.run([self.zsh, "-n"], input=self.script, capture_output=True, text=True)
        self.assertEqual((res.returncode, res.stderr), (0, ""))

    def test_completes_through_its_wrapper(self):
        # compadd and _files need a live completion widget; stubs print what they were given.
        driver = ("compdef() { :; }; source <(\"$0\" completion zsh)\n"
                  "compadd() { [[ $1 == -a ]] && print -l -- ${(P)2}; }\n"
                  "_files() { print -- FILES; }\n"
                  "words=(\"$@\"); CURRENT=$#; _deskops\n")
        cases = [(["ap"], None), ([""], [s["path"][-1] for s in CLI["subcommands"]]),
                 (["get", ""], kinds()), (["get", "-o", ""], ["table", "json", "yaml"]),
                 (["validate", ""], ["FILES"])]
        for words, want in cases:
            with self.subTest(words):
                res = subprocess.run([self.zsh, "-f", "-c", driver, DESKOPS, "deskops", *words],
                                     capture_output=True, text=True, timeout=30)
                self.assertEqual(res.returncode, 0, res.stderr)
                if want is None:  # compadd filters by prefix itself: apply is among the offers
                    self.assertIn("apply", res.stdout.split())
                else:
                    got = res.stdout.split()
                    self.assertEqual(got[:len(want)] if words[0] == "get" else got, want)


class FishCompletionTest(unittest.TestCase):
    def setUp(self):
        self.fish = shutil.which("fish")
        if not self.fish:
            self.skipTest("fish is not installed (the script is checked only where it is)")
        self.script = output("completion", "fish")

    def complete(self, line):
        with tempfile.NamedTemporaryFile("w", suffix=".fish") as f:
            f.write(self.script)
            f.flush()
            res = subprocess.run([self.fish, "--no-config", "-c",
                                  f"source {f.name}; complete -C {line!r}"],
                                 capture_output=True, text=True, timeout=30)
        self.assertEqual(res.returncode, 0, res.stderr)
        return [l.split("\t")[0] for l in res.stdout.splitlines()]

    def test_parses(self):
        res = subprocess.run([self.fish, "--no-execute"], input=self.script, capture_output=True,
                             text=True)
        self.assertEqual((res.returncode, res.stderr), (0, ""))

    def test_completes(self):
        cases = [("deskops ap", ["apply"]),
                 ("deskops config ", ["check"]),
                 ("deskops get -o ", ["json", "table", "yaml"]),
                 ("deskops debug sign --ex", ["--explain"]),
                 ("deskops get desktopp", ["desktoppools"])]
        for line, want in cases:
            with self.subTest(line):
                self.assertEqual(sorted(self.complete(line)), want)
        self.assertTrue(set(kinds()) <= set(self.complete("deskops get ")))


if __name__ == "__main__":
    unittest.main(verbosity=2)
