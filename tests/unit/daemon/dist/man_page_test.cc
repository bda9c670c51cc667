#include "daemon/dist/man_page.h"

#include <gtest/gtest.h>

namespace deskops::daemon {
namespace {

TEST(TroffEscapeTest, KeepsTextLiteral) {
  struct Case {
    std::string text, want;
  };
  const Case cases[] = {
      {"plain words", "plain words"},
      {"--output", "\\-\\-output"},
      {"C:\\path", "C:\\epath"},
      {".starts with a dot", "\\&.starts with a dot"},
      {"'starts with a quote", "\\&'starts with a quote"},
      {"a\n.b", "a\n\\&.b"},
      {"a. b's", "a. b's"},
      {"", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(TroffEscape(c.text), c.want);
  }
}

CliCommand Model() {
  CliCommand root{{}, "A tool that does things.", {}, {}, {}};
  root.options = {{{"-h", "--help"}, "", {}, false, "Print help", ""},
                  {{"--version"}, "", {}, false, "Print the version", ""}};
  CliCommand get{{"get"}, "Show objects.", {}, {}, {}};
  get.options = {{{"-o", "--output"}, "TEXT", {"table", "json"}, false, "Output format", "table"},
                 {{"--config"}, "TEXT", {}, true, "Configuration file", ""},
                 {{"--rate"}, "FLOAT", {}, false, "Requests per second", "10"}};
  get.positionals = {{"kind", {"desktops", "users"}, "What to list", true, false, true},
                     {"name", {}, "Only this one", false, false, false}};
  CliCommand plan{{"plan"}, "Show changes.", {}, {}, {}};
  plan.positionals = {{"paths", {}, "Manifest files", false, true, true}};
  CliCommand check{{"config", "check"}, "Check a file.", {}, {}, {}};
  CliCommand config{{"config"}, "Configuration files.", {}, {}, {check}};
  root.subcommands = {get, plan, config};
  return root;
}

ManPageInfo Info() {
  return {"tool",
          "1.2.3",
          "does things",
          {{"EXIT STATUS", false, {{"64", "Usage error."}}},
           {"FILES", true, {{"/etc/tool.yaml", "The configuration."}}}},
          {"systemctl(1)", "/usr/share/doc/tool/README.md"}};
}

TEST(ManPageTest, DocumentsEveryCommandOptionAndArgument) {
  const std::string page = ManPage(Model(), Info());
  const std::string wants[] = {
      ".TH TOOL 1 \"\" \"tool 1.2.3\" \"User Commands\"\n",
      ".SH NAME\ntool \\- does things\n",
      // The synopsis: required and optional positionals, repeated ones, subcommands.
      ".SH SYNOPSIS\n\\fBtool get\\fR [\\fIOPTIONS\\fR] \\fIKIND\\fR [\\fINAME\\fR]\n.br\n",
      "\\fBtool plan\\fR [\\fIPATHS...\\fR]\n",
      "\\fBtool config\\fR \\fICOMMAND\\fR\n",
      ".SH DESCRIPTION\nA tool that does things.\n",
      ".SH OPTIONS\n.TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nPrint help\n",
      ".TP\n\\fB\\-\\-version\\fR\nPrint the version\n",
      // Each command, nested ones too, under COMMANDS.
      ".SH COMMANDS\n.SS \"\\fBtool get\\fR [\\fIOPTIONS\\fR] \\fIKIND\\fR [\\fINAME\\fR]\"\n"
      "Show objects.\n",
      ".TP\n\\fIKIND\\fR\nWhat to list (one of: desktops, users)\n",
      ".TP\n\\fINAME\\fR\nOnly this one\n",
      ".TP\n\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fItable\\fR|\\fIjson\\fR\n"
      "Output format (default: table)\n",
      ".TP\n\\fB\\-\\-config\\fR \\fIFILE\\fR\nConfiguration file\n",
      ".TP\n\\fB\\-\\-rate\\fR \\fIFLOAT\\fR\nRequests per second (default: 10)\n",
      ".SS \"\\fBtool config\\fR \\fICOMMAND\\fR\"\nConfiguration files.\n.PP\nCommands: check.\n",
      ".SS \"\\fBtool config check\\fR\"\nCheck a file.\n",
      // The caller's sections, literals in bold and paths in italics, then SEE ALSO.
      ".SH EXIT STATUS\n.TP\n\\fB64\\fR\nUsage error.\n",
      ".SH FILES\n.TP\n\\fI/etc/tool.yaml\\fR\nThe configuration.\n",
      ".SH \"SEE ALSO\"\n\\fBsystemctl\\fR(1),\n/usr/share/doc/tool/README.md\n",
  };
  for (const auto& want : wants) {
    EXPECT_NE(page.find(want), std::string::npos) << "missing:\n" << want << "\nin:\n" << page;
  }
}

TEST(ManPageTest, SectionsComeInManOrder) {
  const std::string page = ManPage(Model(), Info());
  std::size_t at = 0;
  for (const std::string section :
       {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS", ".SH COMMANDS",
        ".SH EXIT STATUS", ".SH FILES", ".SH \"SEE ALSO\""}) {
    const std::size_t found = page.find(section + "\n", at);
    ASSERT_NE(found, std::string::npos) << section << " missing or out of order";
    at = found;
  }
}

TEST(ManPageTest, NoLineStartsWithAStrayControlCharacter) {
  CliCommand cli = Model();
  cli.subcommands[0].description = ".hidden macro\n'and another";
  const std::string page = ManPage(cli, Info());
  EXPECT_EQ(page.find("\n.hidden"), std::string::npos);
  EXPECT_EQ(page.find("\n'and"), std::string::npos);
  EXPECT_NE(page.find("\n\\&.hidden macro\n\\&'and another\n"), std::string::npos);
}

}  // namespace
}  // namespace deskops::daemon
