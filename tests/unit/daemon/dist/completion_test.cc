#include "daemon/dist/completion.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/strings.h"

namespace deskops::daemon {
namespace {

namespace fs = std::filesystem;
using completion_internal::FishQuote;
using completion_internal::FunctionPrefix;
using completion_internal::ShQuote;

CliOption Opt(std::vector<std::string> names, std::string value = "",
              std::vector<std::string> choices = {}, bool file = false) {
  return {std::move(names), std::move(value), std::move(choices), file, "An option", ""};
}

// my-tool [get KIND [NAME] | plan [PATHS...] | debug sign]: the shapes the real CLI has.
CliCommand Model() {
  CliCommand root{{}, "A tool.", {Opt({"-h", "--help"})}, {}, {}};
  CliCommand get{{"get"}, "Show objects.", {}, {}, {}};
  get.options = {Opt({"-h", "--help"}), Opt({"-o", "--output"}, "TEXT", {"json", "yaml"}),
                 Opt({"--config"}, "TEXT", {}, true)};
  get.positionals = {{"kind", {"a-kind", "b-kind"}, "What to list", true, false, true},
                     {"name", {}, "Only this one", false, false, /*files=*/false}};
  CliCommand plan{{"plan"}, "Plan.", {Opt({"-h", "--help"})}, {}, {}};
  plan.positionals = {{"paths", {}, "Manifests", false, true, true}};
  CliCommand sign{{"debug", "sign"}, "Sign it.", {}, {}, {}};
  sign.options = {Opt({"--explain"}), Opt({"--ak"}, "TEXT")};
  CliCommand debug{{"debug"}, "Debugging.", {Opt({"-h", "--help"})}, {}, {sign}};
  root.subcommands = {get, plan, debug};
  return root;
}

class BashCompletionTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/bin/bash")) GTEST_SKIP() << "no /bin/bash";
    dir_ = fs::temp_directory_path() / ("deskops-completion-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "file-one") << "";
    std::ofstream(dir_ / "file-two") << "";
    std::ofstream(dir_ / "script.bash") << CompletionScript(Model(), Shell::kBash, "my-tool");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // COMPREPLY after completing the last of `words`, as bash computes it.
  std::vector<std::string> Complete(const std::vector<std::string>& words) {
    std::vector<std::string> quoted;
    for (const auto& w : words) quoted.push_back(ShQuote(w));
    std::ofstream(dir_ / "driver.bash")
        << "source " << ShQuote((dir_ / "script.bash").string()) << " || exit 1\n"
        << "COMP_WORDS=(" << core::Join(quoted, " ") << ")\n"
        << "COMP_CWORD=" << words.size() - 1 << "\n_my_tool\n"
        << "[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    const std::string command =
        "bash --noprofile --norc " + ShQuote((dir_ / "driver.bash").string());
    FILE* pipe = ::popen(command.c_str(), "r");
    std::string out;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    EXPECT_EQ(::pclose(pipe), 0) << out;
    std::vector<std::string> lines = core::Split(out, '\n');
    if (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
  }

  fs::path dir_;
};

TEST_F(BashCompletionTest, CompletesWhatTheCommandLineAccepts) {
  const std::string files = (dir_ / "file-").string();
  struct Case {
    std::string name;
    std::vector<std::string> words;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"commands", {"my-tool", ""}, {"get", "plan", "debug"}},
      {"a command by its prefix", {"my-tool", "g"}, {"get"}},
      {"nested commands", {"my-tool", "debug", ""}, {"sign"}},
      {"the program's options", {"my-tool", "-"}, {"-h", "--help"}},
      {"a command's options", {"my-tool", "get", "--"}, {"--help", "--output", "--config"}},
      {"a nested command's options", {"my-tool", "debug", "sign", "--e"}, {"--explain"}},
      {"after an option's value", {"my-tool", "debug", "sign", "--ak", "x", "--e"}, {"--explain"}},
      {"a positional's words", {"my-tool", "get", ""}, {"a-kind", "b-kind"}},
      {"by prefix", {"my-tool", "get", "b"}, {"b-kind"}},
      {"an option's value is not a positional", {"my-tool", "get", "-o", "json", "a"}, {"a-kind"}},
      {"the next positional takes nothing", {"my-tool", "get", "a-kind", ""}, {}},
      {"an option's choices", {"my-tool", "get", "-o", ""}, {"json", "yaml"}},
      {"by long name", {"my-tool", "get", "--output", "y"}, {"yaml"}},
      {"a file option", {"my-tool", "get", "--config", files + "o"}, {files + "one"}},
      {"repeated file positionals",
       {"my-tool", "plan", "x", files},
       {files + "one", files + "two"}},
      {"no such command", {"my-tool", "nope", ""}, {"get", "plan", "debug"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Complete(c.words), c.want);
  }
}

TEST(CompletionScriptTest, RegistersForTheProgramInEachShell) {
  struct Case {
    Shell shell;
    std::string want_first_line;  // its start
    std::string want_registration;
  };
  const Case cases[] = {
      {Shell::kBash, "# bash completion for my-tool", "\ncomplete -F _my_tool my-tool\n"},
      {Shell::kZsh, "#compdef my-tool\n", "  compdef _my_tool my-tool\n"},
      {Shell::kFish, "# fish completion for my-tool", "\ncomplete -c my-tool -f\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.want_first_line);
    const std::string script = CompletionScript(Model(), c.shell, "my-tool");
    EXPECT_TRUE(script.starts_with(c.want_first_line)) << script.substr(0, 80);
    EXPECT_NE(script.find(c.want_registration), std::string::npos) << script;
  }
}

TEST(CompletionScriptTest, FishOffersEveryCommandAndOptionWithItsDescription) {
  const std::string script = CompletionScript(Model(), Shell::kFish, "my-tool");
  for (const std::string want : {
           "complete -c my-tool -n '__my_tool_at \\'\\'' -a 'get' -d 'Show objects.'",
           "complete -c my-tool -n '__my_tool_at \\'debug\\'' -a 'sign' -d 'Sign it.'",
           "-n '__my_tool_at \\'get\\'' -s o -l output -x -a 'json yaml'",
           "-n '__my_tool_at \\'get\\'' -l config -r -F",
           "-n '__my_tool_at \\'get\\' 0' -a 'a-kind b-kind'",
           "-n '__my_tool_at \\'plan\\'' -F",
           "-n '__my_tool_at \\'debug sign\\'' -l explain -d",
       }) {
    EXPECT_NE(script.find(want), std::string::npos) << want;
  }
  EXPECT_EQ(script.find("__my_tool_at \\'get\\' 1"), std::string::npos) << "a name takes nothing";
}

TEST(CompletionScriptTest, ParsesShellNames) {
  const std::pair<std::string, std::optional<Shell>> cases[] = {
      {"bash", Shell::kBash}, {"zsh", Shell::kZsh},   {"fish", Shell::kFish},
      {"tcsh", std::nullopt}, {"Bash", std::nullopt}, {"", std::nullopt}};
  for (const auto& [name, want] : cases) {
    SCOPED_TRACE(name);
    EXPECT_EQ(ParseShell(name), want);
  }
}

TEST(CompletionScriptTest, QuotesForEachShell) {
  struct Case {
    std::string text, want_sh, want_fish, want_prefix;
  };
  const Case cases[] = {
      {"plain", "'plain'", "'plain'", "__plain"},
      {"it's", "'it'\\''s'", "'it\\'s'", "__it_s"},
      {"back\\slash", "'back\\slash'", "'back\\\\slash'", "__back_slash"},
      {"my-tool", "'my-tool'", "'my-tool'", "__my_tool"},
      {"", "''", "''", "__"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(ShQuote(c.text), c.want_sh);
    EXPECT_EQ(FishQuote(c.text), c.want_fish);
    EXPECT_EQ(FunctionPrefix(c.text), c.want_prefix);
  }
}

}  // namespace
}  // namespace deskops::daemon
