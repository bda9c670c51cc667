#include "daemon/settings.h"

#include <CLI/CLI.hpp>

#include "cloud/url.h"
#include "core/redact.h"
#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::daemon {

using core::StrCat;

namespace {

// CLI11 check for a duration flag.
std::string CheckDuration(const std::string& text) {
  return ParseDuration(text) ? "" : "want a duration such as 30s, 5m or 1h";
}

// Intervals start at 1s: 0 would reconcile back to back and flood the API.
std::string CheckInterval(const std::string& text) {
  auto d = ParseDuration(text);
  return d && *d >= std::chrono::seconds(1)
             ? ""
             : "want a duration of at least 1s, such as 30s, 5m or 1h";
}

std::chrono::seconds ToSeconds(const std::string& text) {
  return std::chrono::duration_cast<std::chrono::seconds>(*ParseDuration(text));
}

std::string CheckWebhook(const std::string& text) {
  return cloud::ParseUrl(text).ok() ? "" : "want an http:// or https:// URL";
}

bool IsKind(const std::string& kind) {
  for (const auto& k : specs::KindNames()) {
    if (k == kind) return true;
  }
  return false;
}

}  // namespace

core::StatusOr<Config> LoadConfigFile(const std::string& path) {
  specs::Diagnostics diags;
  Config c = LoadConfig(path, diags);
  if (!diags.HasErrors()) return c;
  std::vector<std::string> lines;
  for (const auto& d : diags.items()) lines.push_back(d.ToString());
  return core::Status::InvalidArgument(
      core::SecretRegistry::Global().Redact(core::Join(lines, "\n")));
}

template <class F>
void Settings::Override(CLI::Option* option, F field) {
  overrides_.emplace_back(option, [this, field](Config& c) { field(c) = field(flags_); });
}

void Settings::AddFlags(CLI::App& cmd, unsigned scope) {
  cmd.add_option("--config", config_path_,
                 "Configuration file (YAML); flags given on the command line win over it")
      ->check(CLI::ExistingFile);
  if (scope & kManifestPaths) {
    Override(
        cmd.add_option("paths", flags_.manifests, "Manifest files or directories (default: .)"),
        [](Config & c) -> auto& { return c.manifests; });
    Override(
        cmd.add_flag("--strict-references", flags_.strict_references,
                     "Treat references to objects the manifests do not declare as errors"),
        [](Config & c) -> auto& { return c.strict_references; });
  }
  if (scope & kConnection) AddConnectionFlags(cmd);
  if (scope & (kEngine | kState)) AddStateFlags(cmd);
  if (scope & kEngine) AddEngineFlags(cmd);
  if (scope & kLoop) AddLoopFlags(cmd);
}

void Settings::AddConnectionFlags(CLI::App& cmd) {
  auto& cn = flags_.connection;
  Override(
      cmd.add_option(
          "--endpoint", cn.endpoint,
          "Workspace API endpoint URL (default: $DESKOPS_ENDPOINT, or built from --region)"),
      [](Config & c) -> auto& { return c.connection.endpoint; });
  Override(
      cmd.add_option("--region", cn.region,
                     "Region, e.g. cn-north-4 (default: $HUAWEICLOUD_SDK_REGION)"),
      [](Config & c) -> auto& { return c.connection.region; });
  Override(
      cmd.add_option("--project-id", cn.project_id,
                     "Project ID (default: $HUAWEICLOUD_SDK_PROJECT_ID)"),
      [](Config & c) -> auto& { return c.connection.project_id; });
  Override(
      cmd.add_option("--ca-file", cn.ca_file, "PEM file of extra trusted CA certificates")
          ->check(CLI::ExistingFile),
      [](Config & c) -> auto& { return c.connection.ca_file; });
  Override(
      cmd.add_flag("--insecure-skip-tls-verify", cn.insecure_skip_tls_verify,
                   "Do not verify the server's TLS certificate (dangerous; logged as a warning)"),
      [](Config & c) -> auto& { return c.connection.insecure_skip_tls_verify; });
  Override(
      cmd.add_option("--rate,--requests-per-second", cn.requests_per_second,
                     "Client-side request rate limit per second")
          ->capture_default_str(),
      [](Config & c) -> auto& { return c.connection.requests_per_second; });
  Override(
      cmd.add_option("--burst", cn.burst, "Request burst above the rate")->capture_default_str(),
      [](Config & c) -> auto& { return c.connection.burst; });
  Override(
      cmd.add_option("--max-in-flight", cn.max_in_flight, "Most API calls in flight")
          ->capture_default_str(),
      [](Config & c) -> auto& { return c.connection.max_in_flight; });
  Override(
      cmd.add_option("--max-connections", cn.max_connections, "Most connections to the endpoint")
          ->capture_default_str(),
      [](Config & c) -> auto& { return c.connection.max_connections; });
  auto* timeout = cmd.add_option("--request-timeout", request_timeout_,
                                 "Longest wait for one API answer, e.g. 30s (default 60s)")
                      ->check([](const std::string& v) -> std::string {
                        auto d = ParseDuration(v);
                        return d && d->count() > 0 ? "" : "want a positive duration such as 30s";
                      });
  overrides_.emplace_back(timeout, [this](Config& c) {
    c.connection.request_timeout = *ParseDuration(request_timeout_);
  });
}

void Settings::AddStateFlags(CLI::App& cmd) {
  Override(
      cmd.add_option("--state-dir", flags_.state_dir,
                     "Where deskops keeps what it owns and its ledger")
          ->capture_default_str(),
      [](Config & c) -> auto& { return c.state_dir; });
  auto& etcd = flags_.etcd;
  Override(
      cmd.add_option("--etcd-endpoints", etcd.endpoints,
                     "Keep the state in etcd instead, at these client URLs (comma-separated), "
                     "with leader election between replicas")
          ->delimiter(','),
      [](Config & c) -> auto& { return c.etcd.endpoints; });
  Override(
      cmd.add_option("--etcd-prefix", etcd.prefix,
                     "Key prefix of this tenant's state in etcd, e.g. /deskops/t1/"),
      [](Config & c) -> auto& { return c.etcd.prefix; });
  Override(
      cmd.add_option("--etcd-ca-file", etcd.ca_file,
                     "PEM file of the CA that signed etcd's certificate")
          ->check(CLI::ExistingFile),
      [](Config & c) -> auto& { return c.etcd.ca_file; });
  Override(
      cmd.add_option("--etcd-cert-file", etcd.cert_file, "Client certificate for etcd (mutual TLS)")
          ->check(CLI::ExistingFile),
      [](Config & c) -> auto& { return c.etcd.cert_file; });
  Override(
      cmd.add_option("--etcd-key-file", etcd.key_file, "The etcd client certificate's key")
          ->check(CLI::ExistingFile),
      [](Config & c) -> auto& { return c.etcd.key_file; });
  auto* ttl =
      cmd.add_option("--etcd-lease-ttl", lease_ttl_,
                     "The leader's lease in etcd, at least 3s (default 15s)")
          ->check([](const std::string& v) -> std::string {
            auto d = ParseDuration(v);
            return d && *d >= std::chrono::seconds(3) ? "" : "want a duration of at least 3s";
          });
  overrides_.emplace_back(ttl, [this](Config& c) { c.etcd.lease_ttl = ToSeconds(lease_ttl_); });
}

void Settings::AddEngineFlags(CLI::App& cmd) {
  auto& e = flags_.engine;
  Override(
      cmd.add_option("--owner", e.owner, "Value of the deskops-owner tag on created desktops")
          ->capture_default_str(),
      [](Config & c) -> auto& { return c.engine.owner; });
  Override(
      cmd.add_flag("--prune", e.prune, "Delete owned objects that left the manifests"),
      [](Config & c) -> auto& { return c.engine.prune; });
  Override(
      cmd.add_flag("--allow-empty", e.allow_empty,
                   "Let an empty manifest set delete (with --prune)"),
      [](Config & c) -> auto& { return c.engine.allow_empty; });
  Override(
      cmd.add_option("--max-deletions", e.max_deletions,
                     "Deletion budget per run (-1: none); above it every deletion is held")
          ->capture_default_str(),
      [](Config & c) -> auto& { return c.engine.max_deletions; });
  Override(
      cmd.add_option("--max-deletion-percent", e.max_deletion_percent,
                     "Deletion budget as a percentage of owned objects (-1: none)")
          ->capture_default_str(),
      [](Config & c) -> auto& { return c.engine.max_deletion_percent; });
  Override(
      cmd.add_flag(
          "--allow-destructive", e.allow_destructive,
          "Allow destructive actions (rebuild, replace, data-disk removal) for every object"),
      [](Config & c) -> auto& { return c.engine.allow_destructive; });
  Override(
      cmd.add_option("--max-disruptive", e.max_disruptive,
                     "Disruptive actions per run (-1: no limit)")
          ->capture_default_str(),
      [](Config & c) -> auto& { return c.engine.max_disruptive; });
  Override(
      cmd.add_flag("--disrupt-connected", e.disrupt_connected,
                   "Restart, stop, rebuild, resize or delete desktops even while their users are "
                   "connected"),
      [](Config & c) -> auto& { return c.engine.disrupt_connected; });
  auto* disconnected = cmd.add_option("--disconnected-grace", disconnected_grace_,
                                      "How long a disconnected session keeps holding disruptive "
                                      "changes to its desktop (default 30m)")
                           ->check(CheckDuration);
  overrides_.emplace_back(disconnected, [this](Config& c) {
    c.engine.disconnected_grace = ToSeconds(disconnected_grace_);
  });
  Override(
      cmd.add_flag("--ignore-windows", e.ignore_windows,
                   "Disrupt objects outside the configuration's maintenance windows"),
      [](Config & c) -> auto& { return c.engine.ignore_windows; });
  Override(
      cmd.add_flag("--observe", e.observe_only, "Only plan and report drift; change nothing"),
      [](Config & c) -> auto& { return c.engine.observe_only; });
  auto* no_adopt =
      cmd.add_flag("--no-adopt", no_adopt_,
                   "Never adopt live objects that match a manifest by name (unless annotated)");
  overrides_.emplace_back(no_adopt, [](Config& c) {
    for (const auto& k : specs::KindNames()) c.engine.adopt[k] = false;
  });
  Override(
      cmd.add_option("--concurrency", e.concurrency, "Batches executed at once")
          ->capture_default_str(),
      [](Config & c) -> auto& { return c.engine.concurrency; });
  auto* pending = cmd.add_option("--pending-create-grace", pending_create_grace_,
                                 "How long a create sent by a run that crashed before its answer "
                                 "may take to appear before it counts as never made (default 10m)")
                      ->check(CheckDuration);
  overrides_.emplace_back(pending, [this](Config& c) {
    c.engine.pending_create_grace = ToSeconds(pending_create_grace_);
  });
  Override(
      cmd.add_option("--log-format", flags_.log_format, "auto, logfmt or json")
          ->check(CLI::IsMember({"auto", "logfmt", "json"}))
          ->capture_default_str(),
      [](Config & c) -> auto& { return c.log_format; });
  Override(
      cmd.add_option("--log-level", flags_.log_level, "debug, info, warn or error")
          ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
          ->capture_default_str(),
      [](Config & c) -> auto& { return c.log_level; });
}

void Settings::AddLoopFlags(CLI::App& cmd) {
  auto duration = [&](const char* name, std::string& text, const char* help, auto field,
                      auto check) {
    auto* opt = cmd.add_option(name, text, help)->check(check);
    overrides_.emplace_back(opt, [&text, field](Config& c) { field(c) = ToSeconds(text); });
  };
  duration(
      "--interval", interval_, "Between reconcile passes (default 5m)",
      [](Config & c) -> auto& { return c.interval; }, CheckInterval);
  duration(
      "--retry-interval", retry_interval_, "After a failed pass (default 30s)",
      [](Config & c) -> auto& { return c.retry_interval; }, CheckInterval);
  duration(
      "--liveness-timeout", liveness_timeout_,
      "No progress (loop wake-ups, API calls) for this long fails /healthz and stops the "
      "watchdog's pings (default 5m)",
      [](Config & c) -> auto& { return c.liveness_timeout; }, CheckInterval);
  duration(
      "--shutdown-grace", grace_, "On SIGTERM, how long in-flight calls may finish (default 30s)",
      [](Config & c) -> auto& { return c.grace; }, CheckDuration);
  auto* jitter =
      cmd.add_option("--jitter-percent", jitter_percent_, "Random spread of the interval, +-%")
          ->check(CLI::Range(0, 50))
          ->capture_default_str();
  overrides_.emplace_back(jitter, [this](Config& c) { c.jitter = jitter_percent_ / 100.0; });
  auto* kinds =
      cmd.add_option("--kind-interval", kind_intervals_,
                     "Per-kind interval, KIND=DURATION (repeatable), e.g. Desktop=10m")
          ->check([](const std::string& v) -> std::string {
            auto eq = v.find('=');
            if (eq == std::string::npos || !IsKind(v.substr(0, eq))) {
              return "want KIND=DURATION with a kind of " + core::Join(specs::KindNames(), ", ");
            }
            return CheckInterval(v.substr(eq + 1));
          });
  overrides_.emplace_back(kinds, [this](Config& c) {
    for (const auto& v : kind_intervals_) {
      auto eq = v.find('=');
      c.kind_intervals[v.substr(0, eq)] = ToSeconds(v.substr(eq + 1));
    }
  });
  Override(
      cmd.add_option("--drift-webhook", flags_.drift_webhook,
                     "POST each pass's drift events (JSON) to this http:// or https:// URL")
          ->check(CheckWebhook),
      [](Config & c) -> auto& { return c.drift_webhook; });
  Override(
      cmd.add_option(
             "--admin-listen", flags_.admin_listen,
             "Admin server HOST:PORT (/metrics, /healthz, /readyz, /status); port 0 picks one")
          ->capture_default_str(),
      [](Config & c) -> auto& { return c.admin_listen; });
}

core::StatusOr<Config> Settings::Resolve() const {
  Config c;
  if (!config_path_.empty()) {
    DESKOPS_ASSIGN_OR_RETURN(c, LoadConfigFile(config_path_));
  }
  for (const auto& [option, apply] : overrides_) {
    if (option->count() > 0) apply(c);
  }
  if (c.manifests.empty()) c.manifests = {"."};
  return c;
}

}  // namespace deskops::daemon
