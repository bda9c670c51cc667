#include "daemon/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "core/strings.h"
#include "daemon/commands.h"
#include "daemon/dist_commands.h"
#include "daemon/engine_commands.h"
#include "daemon/run_command.h"
#include "daemon/settings.h"
#include "daemon/state_command.h"
#include "specs/kinds.h"

namespace deskops::daemon {
namespace {

// Every managed kind by its plural (the registry, specs/kinds.def), then the lookups.
std::string GetKindsHelp() {
  std::vector<std::string> names;
  for (const auto& kind : specs::Kinds()) names.emplace_back(kind.plural);
  for (const char* lookup : {"products", "images", "availabilityzones", "quotas", "job ID"}) {
    names.emplace_back(lookup);
  }
  return core::Join(names, ", ");
}

constexpr const char* kDescription =
    "deskops keeps a Huawei Cloud Workspace tenant (desktops, pools, users, groups, policy "
    "groups, access policies, name policies) in the state its YAML manifests declare.";

void AddValidate(CLI::App& app, ValidateOptions& o, int& rc) {
  auto* cmd = app.add_subcommand("validate",
                                 "Check manifests offline: schema, rules, duplicates "
                                 "and references. Exit 0 valid, 1 invalid.");
  cmd->add_option("paths", o.paths, "Manifest files or directories (- reads standard input)")
      ->required();
  cmd->add_flag("--strict-references", o.strict_references,
                "Treat references to objects the manifests do not declare as errors");
  cmd->add_option("-o,--output", o.output, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([&] { rc = RunValidate(o, std::cout, std::cerr); });
}

void AddSchema(CLI::App& app, SchemaOptions& o, int& rc) {
  auto* cmd = app.add_subcommand(
      "schema", "Print the JSON Schema (draft 2020-12) of the manifests, for editors and linters");
  cmd->add_option("--kind", o.kind,
                  "Only this kind (" + core::Join(specs::KindNames(), ", ") + ")");
  cmd->add_option("--out-dir", o.out_dir,
                  "Write manifest.json and one file per kind into this directory");
  cmd->add_flag("--kinds", o.kinds,
                "Print the kind registry as JSON instead: every kind in creation order, its API "
                "sections and the operations it uses");
  cmd->callback([&] { rc = RunSchema(o, std::cout, std::cerr); });
}

void AddDebug(CLI::App& app, DebugSignOptions& o, int& rc) {
  auto* debug = app.add_subcommand("debug", "Tools for debugging deskops and the API");
  debug->require_subcommand(1);
  auto* sign = debug->add_subcommand(
      "sign",
      "Sign a request with SDK-HMAC-SHA256 and print the Authorization header (for "
      "APIGW.0303 signature errors). Signs exactly the headers given plus X-Sdk-Date.");
  sign->add_option("--ak", o.ak,
                   "Access key (default: $HUAWEICLOUD_SDK_AK, which is masked in the output)");
  sign->add_option("--sk", o.sk, "Secret key (default: $HUAWEICLOUD_SDK_SK)");
  sign->add_option("--date", o.date, "X-Sdk-Date, YYYYMMDDTHHMMSSZ (default: now)");
  sign->add_option("--method", o.method, "HTTP method")->capture_default_str();
  sign->add_option("--url", o.url, "Full request URL with query")->required();
  sign->add_option("--header", o.headers, "A header to sign, 'Name: value' (repeatable)");
  auto* body = sign->add_option("--body", o.body, "Request body");
  sign->add_option("--body-file", o.body_file, "Read the request body from a file")->excludes(body);
  sign->add_flag("--explain", o.explain,
                 "Print the canonical request and string to sign on stderr");
  sign->callback([&] { rc = RunDebugSign(o, std::cout, std::cerr); });
}

// Resolves the settings, printing what is wrong with them; false when the command must not run.
bool ResolveSettings(const Settings& settings, Config& config, std::string_view command, int& rc) {
  auto resolved = settings.Resolve();
  if (!resolved.ok()) {
    std::cerr << resolved.status().message() << "\ndeskops " << command
              << ": the configuration is invalid\n";
    rc = kExitConfig;
    return false;
  }
  config = std::move(*resolved);
  return true;
}

void AddGet(CLI::App& app, GetOptions& o, Settings& settings, int& rc) {
  auto* get = app.add_subcommand(
      "get",
      "Show live objects of the tenant, like kubectl get (read-only). Kinds: " + GetKindsHelp());
  get->add_option("kind", o.kind, "What to list")->required();
  get->add_option("name", o.name, "Only this object (its name; a job's ID)");
  get->add_option("-o,--output", o.output, "Output format")
      ->check(CLI::IsMember({"table", "json", "yaml"}))
      ->capture_default_str();
  settings.AddFlags(*get, Settings::kConnection);
  get->callback([&] {
    Config config;
    if (!ResolveSettings(settings, config, "get", rc)) return;
    o.connection = config.connection;
    rc = RunGet(o, std::cout, std::cerr);
  });
}

void AddEngineCommands(CLI::App& app, EngineCommandOptions& o, Settings& settings, int& rc) {
  const unsigned scope = Settings::kConnection | Settings::kEngine;
  auto run = [&](std::string_view name,
                 int (*command)(const EngineCommandOptions&, std::ostream&, std::ostream&)) {
    return [&o, &settings, &rc, name, command] {
      if (ResolveSettings(settings, o.config, name, rc)) rc = command(o, std::cout, std::cerr);
    };
  };
  auto* plan = app.add_subcommand(
      "plan", "Show what apply would change. Exit 0: no changes, 2: changes, 1: errors");
  settings.AddFlags(*plan, scope | Settings::kManifestPaths);
  plan->add_option("-o,--output", o.output,
                   "Output format: text (colour on a terminal unless NO_COLOR), json, or markdown "
                   "for a pull-request comment")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  plan->add_option("--out", o.save_plan, "Also save the plan (JSON) for apply --plan-file");
  plan->callback(run("plan", RunPlan));

  auto* apply = app.add_subcommand(
      "apply", "Make the tenant match the manifests, following jobs until it converges");
  settings.AddFlags(*apply, scope | Settings::kManifestPaths);
  apply->add_option("-o,--output", o.output, "Output format: text, or one JSON result at the end")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  apply->add_option("--plan-file", o.plan_file,
                    "Apply exactly this saved plan, and only if nothing changed since");
  apply->add_option("--max-rounds", o.max_rounds, "Plan-and-apply rounds before giving up")
      ->capture_default_str();
  apply
      ->add_option("--wait", o.wait_seconds,
                   "Seconds to wait for tasks in progress (busy desktops, jobs) to end")
      ->capture_default_str();
  apply->callback(run("apply", RunApply));

  auto* exp = app.add_subcommand(
      "export", "Write manifests for the live tenant, to bring it under management");
  settings.AddFlags(*exp, scope);
  exp->add_option("--out", o.export_out, "Write to this file instead of standard output");
  exp->add_flag("--owned", o.owned_only, "Only objects deskops owns");
  exp->callback(run("export", RunExport));
}

void AddRun(CLI::App& app, Settings& settings, bool& once, int& rc) {
  auto* run = app.add_subcommand(
      "run",
      "Run as a daemon: reconcile on an interval and when the manifests change, serve "
      "/metrics, /healthz, /readyz, /status and a status page. SIGHUP reloads the "
      "configuration; SIGTERM stops gracefully");
  settings.AddFlags(
      *run, Settings::kConnection | Settings::kEngine | Settings::kManifestPaths | Settings::kLoop);
  run->add_flag("--once", once, "One reconcile pass, then exit (0: it succeeded), for cron");
  run->callback([&] { rc = RunDaemon(settings, once); });
}

void AddState(CLI::App& app, StateShowOptions& show_o, StateMigrateOptions& migrate_o,
              Settings& show_settings, Settings& migrate_settings, int& rc) {
  auto* state = app.add_subcommand(
      "state",
      "Inspect deskops' state (what it owns, calls in flight, who leads) and move it "
      "between the state directory and etcd");
  state->require_subcommand(1);
  auto* show = state->add_subcommand(
      "show",
      "Print what deskops owns, its open intents and the leader (read-only: no lock, "
      "no campaign; works while a daemon runs)");
  show_settings.AddFlags(*show, Settings::kState);
  show->add_option("-o,--output", show_o.output, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  show->callback([&] {
    if (ResolveSettings(show_settings, show_o.config, "state show", rc)) {
      rc = RunStateShow(show_o, std::cout, std::cerr);
    }
  });
  auto* migrate = state->add_subcommand(
      "migrate",
      "Copy the state between a state directory and etcd: --from DIR --to-etcd, or --from-etcd "
      "--to DIR (with --etcd-endpoints and --etcd-prefix). No deskops may run on either meanwhile");
  migrate_settings.AddFlags(*migrate, Settings::kState);
  migrate->add_option("--from", migrate_o.from_dir, "The state directory to copy from");
  migrate->add_flag("--to-etcd", migrate_o.to_etcd, "Copy into etcd");
  migrate->add_flag("--from-etcd", migrate_o.from_etcd, "Copy from etcd");
  migrate->add_option("--to", migrate_o.to_dir, "The state directory to copy into");
  migrate->add_flag("--overwrite", migrate_o.overwrite,
                    "Replace the state the destination already holds (refused otherwise)");
  migrate->callback([&] {
    if (ResolveSettings(migrate_settings, migrate_o.config, "state migrate", rc)) {
      rc = RunStateMigrate(migrate_o, std::cout, std::cerr);
    }
  });
}

void AddConfig(CLI::App& app, std::string& path, int& rc) {
  auto* config = app.add_subcommand("config", "Work with configuration files");
  config->require_subcommand(1);
  auto* check = config->add_subcommand(
      "check",
      "Validate a configuration file; every problem with file:line:col. Exit 0 valid, 78 invalid");
  check->add_option("file", path, "The configuration file")->required();
  check->callback([&] { rc = RunConfigCheck(path, std::cout, std::cerr); });
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{kDescription, "deskops"};
  app.require_subcommand(1);
  app.fallthrough(false);
  int rc = kExitOk;
  ValidateOptions validate;
  SchemaOptions schema;
  DebugSignOptions debug_sign;
  GetOptions get;
  EngineCommandOptions engine;
  // One Settings per command: CLI11 parses only the chosen subcommand's flags.
  Settings plan_settings, get_settings;
  AddValidate(app, validate, rc);
  AddEngineCommands(app, engine, plan_settings, rc);
  AddGet(app, get, get_settings, rc);
  Settings run_settings;
  bool once = false;
  AddRun(app, run_settings, once, rc);
  std::string config_path;
  AddConfig(app, config_path, rc);
  StateShowOptions state_show;
  StateMigrateOptions state_migrate;
  Settings state_show_settings, state_migrate_settings;
  AddState(app, state_show, state_migrate, state_show_settings, state_migrate_settings, rc);
  AddSchema(app, schema, rc);
  AddDebug(app, debug_sign, rc);
  app.add_subcommand("version", "Print the version")->callback([&] { rc = RunVersion(std::cout); });
  app.set_version_flag("--version", VersionText(), "Print the version (as deskops version does)");
  AddDistributionCommands(app, rc);
  if (auto code = RejectUnknownCommand(app, argc, argv, std::cerr)) return *code;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return rc;
}

}  // namespace deskops::daemon
