// bash and zsh completion: lookup functions generated from the command line (one `case` branch
// per command), and one engine both shells run. The engine walks the words before the cursor to
// find the command (skipping options and their values) and the index of the positional argument,
// then prints what may follow; a status of 1 means "file names". Each shell's wrapper turns that
// into its own completions (bash: compgen, zsh: compadd and _files).
#include <sstream>

#include "core/strings.h"
#include "daemon/dist/completion.h"

namespace deskops::daemon::completion_internal {
namespace {

struct Branch {
  std::string pattern;  // a case pattern, quoted
  std::string body;     // the commands of the branch
};

void WriteFunction(std::ostream& out, const std::string& name, const std::string& comment,
                   const std::string& subject, const std::vector<Branch>& branches,
                   const std::string& otherwise = "") {
  out << "# " << comment << "\n" << name << "() {\n  case " << subject << " in\n";
  for (const auto& b : branches) out << "    " << b.pattern << ") " << b.body << " ;;\n";
  if (!otherwise.empty()) out << "    *) " << otherwise << " ;;\n";
  out << "  esac\n}\n\n";
}

std::string Echo(const std::vector<std::string>& words) {
  return "echo " + ShQuote(core::Join(words, " "));
}

std::vector<std::string> Names(const CliCommand& c) {
  std::vector<std::string> names;
  for (const auto& sub : c.subcommands) names.push_back(sub.path.back());
  return names;
}

std::vector<std::string> Flags(const CliCommand& c, bool valued_only) {
  std::vector<std::string> flags;
  for (const auto& o : c.options) {
    if (valued_only && o.value.empty()) continue;
    for (const auto& n : o.names) flags.push_back(n);
  }
  return flags;
}

// One branch per positional argument: its words, "return 1" for file names, or nothing. A
// repeated argument (always the last) takes every index from its own on.
std::string PositionalCase(const CliCommand& c) {
  std::ostringstream out;
  out << "case \"$2\" in";
  for (std::size_t i = 0; i < c.positionals.size(); ++i) {
    const CliPositional& p = c.positionals[i];
    std::string action = !p.choices.empty() ? Echo(p.choices) : p.files ? "return 1" : ":";
    out << " " << (p.repeated ? std::string("*") : std::to_string(i)) << ") " << action << " ;;";
  }
  out << " esac";
  return out.str();
}

void WriteLookups(const CliCommand& cli, const std::string& f, std::ostream& out) {
  std::vector<Branch> commands, flags, valued, values, positionals;
  for (const CliCommand* c : cli.Flatten()) {
    const std::string key = ShQuote(PathKey(*c));
    if (!c->subcommands.empty()) commands.push_back({key, Echo(Names(*c))});
    flags.push_back({key, Echo(Flags(*c, false))});
    if (!Flags(*c, true).empty()) valued.push_back({key, Echo(Flags(*c, true))});
    for (const auto& o : c->options) {
      if (o.choices.empty()) continue;
      std::vector<std::string> keys;
      for (const auto& n : o.names) keys.push_back(ShQuote(PathKey(*c) + "|" + n));
      values.push_back({core::Join(keys, "|"), Echo(o.choices)});
    }
    if (!c->positionals.empty()) positionals.push_back({key, PositionalCase(*c)});
  }
  WriteFunction(out, f + "_commands", "The subcommands of command path $1.", "\"$1\"", commands);
  WriteFunction(out, f + "_flags", "The options of command path $1.", "\"$1\"", flags);
  WriteFunction(out, f + "_valued", "The options of command path $1 that take a value.", "\"$1\"",
                valued);
  WriteFunction(out, f + "_values",
                "The values option $2 of command path $1 takes; status 1: file names.", "\"$1|$2\"",
                values, "return 1");
  WriteFunction(out, f + "_positional",
                "What positional argument $2 (from 0) of command path $1 takes; status 1: file "
                "names.",
                "\"$1\"", positionals);
}

// The engine. $1: the word being completed; then the words before it, the program first.
void WriteEngine(const std::string& f, std::ostream& out) {
  out << "# What may follow the words before the cursor ($2...) when the word being completed is\n"
         "# $1: printed, or status 1 for file names.\n"
      << f << "_candidates() {\n"
      << "  local cur=\"$1\" cmdpath=\"\" npos=0 skip=0 word prev=\"\"\n"
         "  shift 2\n"
         "  for word in \"$@\"; do\n"
         "    prev=\"$word\"\n"
         "    if [ \"$skip\" = 1 ]; then skip=0; continue; fi\n"
         "    case \"$word\" in\n"
         "      --*=*) continue ;;\n"
         "      -*)\n"
         "        case \" $("
      << f << "_valued \"$cmdpath\") \" in *\" $word \"*) skip=1 ;; esac\n"
      << "        continue ;;\n"
         "    esac\n"
         "    case \" $("
      << f << "_commands \"$cmdpath\") \" in\n"
      << "      *\" $word \"*) cmdpath=\"${cmdpath:+$cmdpath }$word\"; npos=0 ;;\n"
         "      *) npos=$((npos + 1)) ;;\n"
         "    esac\n"
         "  done\n"
         "  if [ \"$skip\" = 1 ]; then "
      << f << "_values \"$cmdpath\" \"$prev\"; return; fi\n"
      << "  case \"$cur\" in -*) " << f << "_flags \"$cmdpath\"; return ;; esac\n"
      << "  local commands\n"
         "  commands=\"$("
      << f << "_commands \"$cmdpath\")\"\n"
      << "  if [ -n \"$commands\" ]; then echo \"$commands\"; return; fi\n"
      << "  " << f << "_positional \"$cmdpath\" \"$npos\"\n"
      << "}\n\n";
}

void WriteBash(const std::string& f, const std::string& program, std::ostream& out) {
  const std::string fn = f.substr(1);
  out << fn << "() {\n"
      << "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" words\n"
         "  if words=\"$("
      << f << "_candidates \"$cur\" \"${COMP_WORDS[@]:0:COMP_CWORD}\")\"; then\n"
      << "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
         "  else\n"
         "    compopt -o filenames 2>/dev/null\n"
         "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
         "  fi\n"
         "}\n"
      << "complete -F " << fn << " " << program << "\n";
}

void WriteZsh(const std::string& f, const std::string& program, std::ostream& out) {
  const std::string fn = f.substr(1);
  out << fn << "() {\n"
      << "  local out\n"
         "  local -a candidates\n"
         "  if out=\"$("
      << f << "_candidates \"${words[CURRENT]}\" \"${(@)words[1,CURRENT-1]}\")\"; then\n"
      << "    candidates=(${=out})\n"
         "    compadd -a candidates\n"
         "  else\n"
         "    _files\n"
         "  fi\n"
         "}\n\n"
      << "if [ \"${funcstack[1]}\" = \"" << fn << "\" ]; then\n"
      << "  " << fn << " \"$@\"\n"
      << "else\n"
      << "  compdef " << fn << " " << program << "\n"
      << "fi\n";
}

}  // namespace

std::string PosixScript(const CliCommand& cli, bool zsh, const std::string& program) {
  const std::string shell = zsh ? "zsh" : "bash";
  const std::string f = FunctionPrefix(program);
  std::ostringstream out;
  if (zsh) out << "#compdef " << program << "\n";
  out << "# " << shell << " completion for " << program << ", generated by `" << program
      << " completion " << shell << "` from its own\n# command line; do not edit.\n";
  if (zsh) {
    out << "# Install: " << program << " completion zsh > \"${fpath[1]}/_" << program
        << "\" (or /usr/share/zsh/vendor-completions/_" << program << ").\n\n";
  } else {
    out << "# Load: source <(" << program << " completion bash). Install: " << program
        << " completion bash >\n# /usr/share/bash-completion/completions/" << program << ".\n\n";
  }
  WriteLookups(cli, f, out);
  WriteEngine(f, out);
  if (zsh) {
    WriteZsh(f, program, out);
  } else {
    WriteBash(f, program, out);
  }
  return out.str();
}

}  // namespace deskops::daemon::completion_internal
