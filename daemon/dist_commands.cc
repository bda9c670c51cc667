#include "daemon/dist_commands.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "core/strings.h"
#include "daemon/build_info.h"
#include "daemon/cli.h"
#include "daemon/dist/completion.h"
#include "daemon/dist/man_page.h"
#include "daemon/engine_commands.h"
#include "daemon/get_kinds.h"
#include "specs/kinds.h"

namespace deskops::daemon {
namespace {

constexpr const char* kProgram = "deskops";
constexpr const char* kSummary =
    "declarative manager for Huawei Cloud Workspace (cloud virtual desktops)";

std::vector<std::string> VisibleCommands(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands(
           [](const CLI::App* s) { return !s->get_name().empty() && !s->get_group().empty(); })) {
    names.push_back(sub->get_name());
  }
  return names;
}

const CLI::App* Subcommand(const CLI::App& app, std::string_view name) {
  for (const CLI::App* sub :
       app.get_subcommands([](const CLI::App* s) { return !s->get_name().empty(); })) {
    if (sub->get_name() == name) return sub;
  }
  return nullptr;
}

// What deskops(1) says besides the commands: the contract with scripts and service managers.
ManPageInfo ManInfo() {
  ManPageInfo info{kProgram, kVersion, kSummary, {}, {}};
  auto code = [](int c) { return std::to_string(c); };
  info.sections.push_back(
      {"EXIT STATUS",
       false,
       {{code(kExitOk), "Success; plan: no changes; run: stopped by SIGTERM or SIGINT."},
        {code(kExitFailure), "Failure: invalid manifests, API or action errors, a failed pass."},
        {code(kExitChanges), "plan only: there are changes."},
        {code(kExitUsage), "Usage error: unknown command or flag, bad flag value."},
        {code(kExitConfig), "Invalid configuration file (EX_CONFIG)."}}});
  ManSection env{"ENVIRONMENT", false, {}};
  for (std::string name : {"AK", "SK", "SECURITY_TOKEN", "PROJECT_ID", "AUTH_TOKEN"}) {
    env.entries.push_back({"HUAWEICLOUD_SDK_" + name + ", HUAWEICLOUD_SDK_" + name + "_FILE",
                           "The credential, or a file that holds it."});
  }
  env.entries.back().text += " An auth token selects X-Auth-Token instead of AK/SK signing.";
  env.entries.push_back({"CREDENTIALS_DIRECTORY",
                         "Where systemd's LoadCredential= puts ak, sk, security_token, "
                         "project_id and auth_token; read when the variables above are unset."});
  env.entries.push_back({"DESKOPS_ENDPOINT", "The Workspace API endpoint, without --endpoint."});
  env.entries.push_back({"HUAWEICLOUD_SDK_REGION", "The region, without --region."});
  info.sections.push_back(std::move(env));
  info.sections.push_back({"FILES",
                           true,
                           {{"/etc/deskops/config.yaml",
                             "The configuration of deskops.service; deskops@NAME.service reads "
                             "/etc/deskops/NAME.yaml."},
                            {"/etc/deskops/credentials/",
                             "ak, sk and project_id, which the units load as credentials."},
                            {"/var/lib/deskops/",
                             "The units' state: the inventory of what deskops owns, the "
                             "write-ahead ledger and the lock (.deskops without a unit)."}}});
  info.see_also = {"systemctl(1)", "journalctl(1)", "systemd.exec(5)",
                   std::string("/usr/share/doc/") + kProgram + "/README.md"};
  return info;
}

}  // namespace

CliCommand DescribeDeskops(const CLI::App& app) {
  CliCommand cli = DescribeCli(app);
  if (CliCommand* get = cli.Find({"get"})) {
    for (auto& p : get->positionals) {
      if (p.name == "kind") {
        for (const auto& kind : GetKinds()) p.choices.push_back(kind.names.front());
      } else {
        p.files = false;  // an object's name or a job's ID
      }
    }
  }
  if (CliCommand* schema = cli.Find({"schema"})) {
    for (auto& o : schema->options) {
      if (o.names.back() == "--kind") o.choices = specs::KindNames();
    }
  }
  return cli;
}

void AddDistributionCommands(CLI::App& app, int& rc) {
  auto shell = std::make_shared<std::string>();
  auto* completion =
      app.add_subcommand("completion",
                         "Print a shell completion script: source <(deskops completion bash), or "
                         "install it where the shell loads completions");
  completion->add_option("shell", *shell, "The shell")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  completion->callback([&app, &rc, shell] {
    std::cout << CompletionScript(DescribeDeskops(app), *ParseShell(*shell), kProgram);
    rc = kExitOk;
  });
  auto* man = app.add_subcommand("man", "Print the deskops(1) manual page (troff)");
  man->group("");  // hidden: the build runs it; people read `man deskops`
  man->callback([&app, &rc] {
    std::cout << ManPage(DescribeDeskops(app), ManInfo());
    rc = kExitOk;
  });
}

std::optional<int> RejectUnknownCommand(const CLI::App& app, int argc, const char* const* argv,
                                        std::ostream& err) {
  const CLI::App* level = &app;
  std::string where = kProgram;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    // An option may take the next word as its value; CLI11 knows, so it decides from here on.
    if (arg.empty() || arg.front() == '-') return std::nullopt;
    // A command with positional arguments takes any word.
    if (!level->get_options([](const CLI::Option* o) { return o->get_positional(); }).empty()) {
      return std::nullopt;
    }
    const std::vector<std::string> names = VisibleCommands(*level);
    if (names.empty()) return std::nullopt;
    if (const CLI::App* next = Subcommand(*level, arg)) {
      level = next;
      where += " " + next->get_name();
      continue;
    }
    err << where << ": unknown command " << core::Quote(arg);
    if (auto match = core::ClosestMatch(arg, names)) {
      err << "; did you mean " << core::Quote(*match) << "?\n";
    } else {
      err << " (one of " << core::Join(names, ", ") << ")\n";
    }
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace deskops::daemon
