#include "daemon/dist/cli_model.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

namespace deskops::daemon {
namespace {

// A small command line with one of everything DescribeCli reads.
struct Tool {
  CLI::App app{"A tool that does things.", "tool"};
  std::string output = "text", config, kind, name, shell;
  std::vector<std::string> paths;
  bool flag = false;
  int count = 3;

  Tool() {
    app.add_flag("--verbose", flag, "Say more");
    auto* get = app.add_subcommand("get", "Show objects");
    get->add_option("kind", kind, "What to list")->required();
    get->add_option("name", name, "Only this one");
    get->add_option("-o,--output", output, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    get->add_option("--config", config, "Configuration file")->check(CLI::ExistingFile);
    get->add_option("-n,--count", count, "How many")->capture_default_str();
    get->add_option("--secret", config, "Hidden")->group("");
    auto* plan = app.add_subcommand("plan", "Plan");
    plan->add_option("paths", paths, "Manifests");
    auto* debug = app.add_subcommand("debug", "Debugging");
    debug->add_subcommand("sign", "Sign a request")->add_flag("--explain", flag, "Explain");
    app.add_subcommand("internal", "Hidden command")->group("");
  }
};

const CliOption* FindOption(const CliCommand& c, const std::string& name) {
  for (const auto& o : c.options) {
    for (const auto& n : o.names) {
      if (n == name) return &o;
    }
  }
  return nullptr;
}

TEST(DescribeCliTest, ReadsOptionsAsHelpShowsThem) {
  Tool tool;
  const CliCommand cli = DescribeCli(tool.app);
  const CliCommand* get = cli.Find({"get"});
  ASSERT_NE(get, nullptr);
  struct Case {
    std::string name;
    std::vector<std::string> want_names;
    std::string want_value;
    std::vector<std::string> want_choices;
    bool want_file;
    std::string want_default;
  };
  const Case cases[] = {
      {"--help", {"-h", "--help"}, "", {}, false, ""},
      {"--output", {"-o", "--output"}, "TEXT", {"text", "json"}, false, "text"},
      {"--config", {"--config"}, "TEXT", {}, true, ""},
      {"--count", {"-n", "--count"}, "INT", {}, false, "3"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const CliOption* o = FindOption(*get, c.name);
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(o->names, c.want_names);
    EXPECT_EQ(o->value, c.want_value);
    EXPECT_EQ(o->choices, c.want_choices);
    EXPECT_EQ(o->file, c.want_file);
    EXPECT_EQ(o->default_value, c.want_default);
  }
  EXPECT_EQ(FindOption(*get, "--secret"), nullptr) << "hidden options are left out";
  EXPECT_EQ(FindOption(*get, "kind"), nullptr) << "positionals are not options";
}

TEST(DescribeCliTest, ReadsPositionals) {
  Tool tool;
  const CliCommand cli = DescribeCli(tool.app);
  struct Case {
    std::vector<std::string> command;
    std::size_t index;
    std::string want_name;
    bool want_required, want_repeated;
  };
  const Case cases[] = {
      {{"get"}, 0, "kind", true, false},
      {{"get"}, 1, "name", false, false},
      {{"plan"}, 0, "paths", false, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.want_name);
    const CliCommand* command = cli.Find(c.command);
    ASSERT_NE(command, nullptr);
    ASSERT_LT(c.index, command->positionals.size());
    const CliPositional& p = command->positionals[c.index];
    EXPECT_EQ(p.name, c.want_name);
    EXPECT_EQ(p.required, c.want_required);
    EXPECT_EQ(p.repeated, c.want_repeated);
    EXPECT_TRUE(p.files) << "file names unless the caller says otherwise";
  }
}

TEST(DescribeCliTest, WalksVisibleSubcommandsInOrder) {
  Tool tool;
  const CliCommand cli = DescribeCli(tool.app);
  EXPECT_EQ(cli.description, "A tool that does things.");
  std::vector<std::string> names;
  for (const CliCommand* c : cli.Flatten()) names.push_back(c->FullName("tool"));
  EXPECT_EQ(names, (std::vector<std::string>{"tool", "tool get", "tool plan", "tool debug",
                                             "tool debug sign"}));
  EXPECT_EQ(cli.Find({"internal"}), nullptr) << "hidden commands are left out";
  EXPECT_EQ(cli.Find({"debug", "nope"}), nullptr);
  ASSERT_NE(cli.Find({"debug", "sign"}), nullptr);
  EXPECT_EQ(cli.Find({"debug", "sign"})->path, (std::vector<std::string>{"debug", "sign"}));
  EXPECT_EQ(cli.Find({}), &cli);
}

}  // namespace
}  // namespace deskops::daemon
