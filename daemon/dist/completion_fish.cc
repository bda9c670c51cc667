// fish completion: `complete` lines per command, conditioned on where the cursor is. Two lookup
// functions (a command path's subcommands and its options that take a value) let
// __<program>_state walk the words before the cursor the way the bash and zsh engine does.
#include <sstream>

#include "core/strings.h"
#include "daemon/dist/completion.h"

namespace deskops::daemon::completion_internal {
namespace {

std::string Words(const std::vector<std::string>& words) {
  std::vector<std::string> quoted;
  for (const auto& w : words) quoted.push_back(FishQuote(w));
  return core::Join(quoted, " ");
}

// The first sentence, which is what fish has room for beside a completion.
std::string Short(const std::string& description) {
  const auto end = description.find(". ");
  return end == std::string::npos ? description : description.substr(0, end);
}

void WriteLookup(std::ostream& out, const std::string& name, const std::string& what,
                 const CliCommand& cli, std::vector<std::string> (*words)(const CliCommand&)) {
  out << "function " << name << " --description " << FishQuote(what) << "\n"
      << "    switch \"$argv[1]\"\n";
  for (const CliCommand* c : cli.Flatten()) {
    std::vector<std::string> w = words(*c);
    if (w.empty()) continue;
    out << "        case " << FishQuote(PathKey(*c)) << "\n"
        << "            printf '%s\\n' " << Words(w) << "\n";
  }
  out << "    end\nend\n\n";
}

std::vector<std::string> SubcommandNames(const CliCommand& c) {
  std::vector<std::string> names;
  for (const auto& sub : c.subcommands) names.push_back(sub.path.back());
  return names;
}

std::vector<std::string> ValuedFlags(const CliCommand& c) {
  std::vector<std::string> flags;
  for (const auto& o : c.options) {
    if (!o.value.empty()) flags.insert(flags.end(), o.names.begin(), o.names.end());
  }
  return flags;
}

void WriteState(const std::string& f, std::ostream& out) {
  out << "function " << f << "_state --description 'positional index:command path at the cursor'\n"
      << "    set -l words (commandline -opc)\n"
         "    set -e words[1]\n"
         "    set -l cmdpath ''\n"
         "    set -l npos 0\n"
         "    set -l skip 0\n"
         "    for word in $words\n"
         "        if test $skip = 1\n"
         "            set skip 0\n"
         "            continue\n"
         "        end\n"
         "        switch $word\n"
         "            case '--*=*'\n"
         "                continue\n"
         "            case '-*'\n"
         "                if contains -- $word ("
      << f << "_valued \"$cmdpath\")\n"
      << "                    set skip 1\n"
         "                end\n"
         "                continue\n"
         "        end\n"
         "        if contains -- $word ("
      << f << "_commands \"$cmdpath\")\n"
      << "            set cmdpath (string trim -- \"$cmdpath $word\")\n"
         "            set npos 0\n"
         "        else\n"
         "            set npos (math $npos + 1)\n"
         "        end\n"
         "    end\n"
         "    echo \"$npos:$cmdpath\"\n"
         "end\n\n"
      << "function " << f << "_at --description 'the cursor is in command path $argv[1] (at "
      << "positional $argv[2])'\n"
      << "    set -l state (string split -m 1 : -- (" << f << "_state))\n"
      << "    test \"$state[2]\" = \"$argv[1]\"; or return 1\n"
         "    test (count $argv) -lt 2; or test \"$state[1]\" = \"$argv[2]\"\n"
         "end\n\n";
}

std::string Condition(const std::string& f, const CliCommand& c, const std::string& index = "") {
  std::string condition = f + "_at " + FishQuote(PathKey(c));
  if (!index.empty()) condition += " " + index;
  return FishQuote(condition);
}

void WriteOption(const std::string& head, const CliOption& o, std::ostream& out) {
  out << head;
  for (const auto& n : o.names) {
    out << (n.starts_with("--") ? " -l " + n.substr(2) : " -s " + n.substr(1));
  }
  if (!o.choices.empty()) {
    out << " -x -a " << FishQuote(core::Join(o.choices, " "));
  } else if (!o.value.empty()) {
    out << " -r -F";
  }
  out << " -d " << FishQuote(Short(o.description)) << "\n";
}

void WriteCommand(const std::string& program, const std::string& f, const CliCommand& c,
                  std::ostream& out) {
  const std::string head = "complete -c " + program + " -n ";
  for (const auto& sub : c.subcommands) {
    out << head << Condition(f, c) << " -a " << FishQuote(sub.path.back()) << " -d "
        << FishQuote(Short(sub.description)) << "\n";
  }
  for (const auto& o : c.options) WriteOption(head + Condition(f, c), o, out);
  for (std::size_t i = 0; i < c.positionals.size(); ++i) {
    const CliPositional& p = c.positionals[i];
    const std::string at = head + Condition(f, c, p.repeated ? "" : std::to_string(i));
    if (!p.choices.empty()) {
      out << at << " -a " << FishQuote(core::Join(p.choices, " ")) << "\n";
    } else if (p.files) {
      out << at << " -F\n";
    }
  }
}

}  // namespace

std::string FishScript(const CliCommand& cli, const std::string& program) {
  const std::string f = FunctionPrefix(program);
  std::ostringstream out;
  out << "# fish completion for " << program << ", generated by `" << program
      << " completion fish` from its own command line;\n# do not edit. Install: " << program
      << " completion fish > ~/.config/fish/completions/" << program << ".fish\n# (or "
      << "/usr/share/fish/vendor_completions.d/" << program << ".fish).\n\n";
  WriteLookup(out, f + "_commands", "the subcommands of a command path", cli, SubcommandNames);
  WriteLookup(out, f + "_valued", "the options of a command path that take a value", cli,
              ValuedFlags);
  WriteState(f, out);
  out << "# No file names, except where an argument or option takes them.\n"
      << "complete -c " << program << " -f\n";
  for (const CliCommand* c : cli.Flatten()) WriteCommand(program, f, *c, out);
  return out.str();
}

}  // namespace deskops::daemon::completion_internal
