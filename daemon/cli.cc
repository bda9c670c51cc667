#include "daemon/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "core/strings.h"
#include "daemon/commands.h"
#include "daemon/engine_commands.h"
#include "specs/kinds.h"

namespace deskops::daemon {
namespace {

constexpr const char* kDescription =
    "deskops keeps a Huawei Cloud Workspace tenant (desktops, pools, users, groups, policy "
    "groups, access policies, name policies) in the state its YAML manifests declare.";

void AddValidate(CLI::App& app, ValidateOptions& o, int& rc) {
  auto* cmd = app.add_subcommand("validate", "Check manifests offline: schema, rules, duplicates "
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
  cmd->add_option("--kind", o.kind, "Only this kind (" + core::Join(specs::KindNames(), ", ") + ")");
  cmd->add_option("--out-dir", o.out_dir,
                  "Write manifest.json and one file per kind into this directory");
  cmd->callback([&] { rc = RunSchema(o, std::cout, std::cerr); });
}

void AddDebug(CLI::App& app, DebugSignOptions& o, int& rc) {
  auto* debug = app.add_subcommand("debug", "Tools for debugging deskops and the API");
  debug->require_subcommand(1);
  auto* sign = debug->add_subcommand(
      "sign", "Sign a request with SDK-HMAC-SHA256 and print the Authorization header (for "
              "APIGW.0303 signature errors). Signs exactly the headers given plus X-Sdk-Date.");
  sign->add_option("--ak", o.ak, "Access key (default: $HUAWEICLOUD_SDK_AK)");
  sign->add_option("--sk", o.sk, "Secret key (default: $HUAWEICLOUD_SDK_SK)");
  sign->add_option("--date", o.date, "X-Sdk-Date, YYYYMMDDTHHMMSSZ (default: now)");
  sign->add_option("--method", o.method, "HTTP method")->capture_default_str();
  sign->add_option("--url", o.url, "Full request URL with query")->required();
  sign->add_option("--header", o.headers, "A header to sign, 'Name: value' (repeatable)");
  auto* body = sign->add_option("--body", o.body, "Request body");
  sign->add_option("--body-file", o.body_file, "Read the request body from a file")->excludes(body);
  sign->add_flag("--explain", o.explain, "Print the canonical request and string to sign on stderr");
  sign->callback([&] { rc = RunDebugSign(o, std::cout, std::cerr); });
}

void AddGet(CLI::App& app, GetOptions& o, int& rc) {
  auto* get = app.add_subcommand(
      "get", "Show live objects of the tenant, like kubectl get (read-only). Kinds: desktops, "
             "desktoppools, users, usergroups, policygroups, accesspolicies, desktopnamepolicies, "
             "products, images, availabilityzones, quotas, job ID");
  get->add_option("kind", o.kind, "What to list")->required();
  get->add_option("name", o.name, "Only this object (its name; a job's ID)");
  get->add_option("-o,--output", o.output, "Output format")
      ->check(CLI::IsMember({"table", "json", "yaml"}))
      ->capture_default_str();
  AddConnectionFlags(*get, o.connection);
  get->callback([&] { rc = RunGet(o, std::cout, std::cerr); });
}

void AddEngineCommands(CLI::App& app, EngineCommandOptions& o, int& rc) {
  auto* plan = app.add_subcommand(
      "plan", "Show what apply would change. Exit 0: no changes, 2: changes, 1: errors");
  AddEngineFlags(*plan, o, true);
  plan->add_option("-o,--output", o.output, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  plan->add_option("--out", o.save_plan, "Also save the plan (JSON) for apply --plan-file");
  plan->callback([&] { rc = RunPlan(o, std::cout, std::cerr); });

  auto* apply = app.add_subcommand(
      "apply", "Make the tenant match the manifests, following jobs until it converges");
  AddEngineFlags(*apply, o, true);
  apply->add_option("--plan-file", o.plan_file,
                    "Apply exactly this saved plan, and only if nothing changed since");
  apply->add_option("--max-rounds", o.max_rounds, "Plan-and-apply rounds before giving up")
      ->capture_default_str();
  apply->add_option("--wait", o.wait_seconds,
                    "Seconds to wait for tasks in progress (busy desktops, jobs) to end")
      ->capture_default_str();
  apply->callback([&] { rc = RunApply(o, std::cout, std::cerr); });

  auto* exp = app.add_subcommand(
      "export", "Write manifests for the live tenant, to bring it under management");
  AddEngineFlags(*exp, o, false);
  exp->add_option("--out", o.export_out, "Write to this file instead of standard output");
  exp->add_flag("--owned", o.owned_only, "Only objects deskops owns");
  exp->callback([&] { rc = RunExport(o, std::cout, std::cerr); });
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
  AddValidate(app, validate, rc);
  AddEngineCommands(app, engine, rc);
  AddGet(app, get, rc);
  AddSchema(app, schema, rc);
  AddDebug(app, debug_sign, rc);
  app.add_subcommand("version", "Print the version")->callback([&] { rc = RunVersion(std::cout); });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return rc;
}

}  // namespace deskops::daemon
