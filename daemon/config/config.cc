#include "daemon/config/config.h"

#include <charconv>
#include <system_error>

#include "core/files.h"
#include "core/strings.h"
#include "daemon/config/windows_config.h"
#include "specs/common.h"
#include "specs/kinds.h"
#include "specs/schema.h"
#include "specs/validate.h"
#include "specs/yaml_reader.h"

namespace deskops::daemon {

using core::StrCat;
namespace s = specs;

std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0) return std::nullopt;
  long long n = 0;
  if (std::from_chars(text.data(), text.data() + digits, n).ec != std::errc()) return std::nullopt;
  const std::string_view unit = text.substr(digits);
  const long long ms_per_unit = unit == "s"   ? 1000
                                : unit == "m" ? 60'000
                                : unit == "h" ? 3'600'000
                                              : 0;
  // A count too large for milliseconds overflowed (undefined behaviour) instead of being refused.
  if (ms_per_unit == 0 || n > std::chrono::milliseconds::max().count() / ms_per_unit) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(n * ms_per_unit);
}

namespace {

// Durations count whole seconds, at most 9 digits (more would overflow). An interval of 0 (or,
// before, "500ms", which truncated to 0) would make the daemon reconcile back to back and flood
// the API, so intervals start at 1s.
s::SchemaNode Duration(std::string doc) {
  return s::String(std::move(doc))
      .Pattern("0*[0-9]{1,9}(s|m|h)", "be a duration such as 30s, 5m or 1h (at most 9 digits)");
}

s::SchemaNode Interval(std::string doc) {
  return s::String(std::move(doc))
      .Pattern("0*[1-9][0-9]{0,8}(s|m|h)",
               "be a duration of at least 1s and at most 9 digits, such as 30s, 5m or 1h");
}

s::SchemaNode SecretRef(std::string doc) { return s::SecretSourceSchema(std::move(doc)); }

std::vector<std::string> KindNames() { return s::KindNames(); }

s::SchemaNode EtcdSchema() {
  return s::Struct(
      {
          s::Field("endpoints",
                   s::ArrayOf(s::String().Pattern("https?://[^/?#]+",
                                                  "be a URL such as http://127.0.0.1:2379"),
                              "The cluster's client URLs.")
                       .MinItems(1)),
          s::Field("prefix", s::String("Key prefix of this tenant's state, e.g. /deskops/t1/.")
                                 .Pattern("/(.*/)?", "start and end with \"/\"")),
          s::Field("caFile",
                   s::String("PEM file of the CA that signed etcd's certificate.").MinLen(1)),
          s::Field("certFile", s::String("Client certificate (PEM), for mutual TLS.").MinLen(1)),
          s::Field("keyFile", s::String("The client certificate's key (PEM).").MinLen(1)),
          s::Field("username", SecretRef("etcd user.")),
          s::Field("password", SecretRef("etcd user's password.")),
          s::Field("leaseTTL", Duration("The leader's lease (default 15s, at least 3s).")),
      },
      "State and leadership in etcd: replicas with the same prefix elect one leader.");
}

const s::SchemaNode& ConfigSchema() {
  static const s::SchemaNode schema = s::Struct(
      {
          s::Field("endpoint",
                   s::String("Workspace API endpoint URL.")
                       .Pattern("https?://[^/?#]+", "be a URL such as https://host:port")),
          s::Field("region",
                   s::String("Region; builds the endpoint when it is not given.").MinLen(1)),
          s::Field("projectId", s::String("Project ID (not a secret).").MinLen(1)),
          s::Field(
              "credentials",
              s::Struct(
                  {
                      s::Field("ak", SecretRef("Access key.")),
                      s::Field("sk", SecretRef("Secret key.")),
                      s::Field("securityToken", SecretRef("Security token of temporary keys.")),
                      s::Field("projectId", SecretRef("Project ID.")),
                      s::Field("authToken", SecretRef("X-Auth-Token instead of AK/SK.")),
                  },
                  "Where to read each credential; never the values themselves.")),
          s::Field("caFile", s::String("PEM file of extra trusted CAs.").MinLen(1)),
          s::Field("insecureSkipTlsVerify", s::Boolean("Do not verify TLS (logged as a warning).")),
          s::Field("manifests",
                   s::ArrayOf(s::String().MinLen(1), "Manifest files or directories.").MinItems(1)),
          s::Field("stateDir", s::String("Inventory and ledger directory.").MinLen(1)),
          s::Field("state", s::Struct({s::Field("etcd", EtcdSchema())},
                                      "Where the state is kept instead of stateDir.")),
          s::Field("owner", s::String("Ownership tag value.").MinLen(1)),
          s::Field("strictReferences", s::Boolean("Undeclared references are errors.")),
          s::Field("intervals",
                   s::Struct({
                       s::Field("reconcile", Interval("Between reconciles (default 5m).")),
                       s::Field("retry", Interval("After a failed reconcile (default 30s).")),
                       s::Field("jitterPercent", s::Integer("Random +- spread.").Range(0, 50)),
                       s::Field("kinds", s::MapOf(s::String().Enum(KindNames()), Interval(""),
                                                  "Per-kind interval (at least reconcile).")),
                   })),
          s::Field("limits",
                   s::Struct({
                       s::Field("requestsPerSecond", s::Integer().Min(1)),
                       s::Field("burst", s::Integer().Min(1)),
                       s::Field("maxInFlight", s::Integer().Min(1)),
                       s::Field("maxConnections", s::Integer().Min(1)),
                       s::Field("requestTimeout", Duration("One API answer (default 60s).")),
                       s::Field("concurrency", s::Integer().Range(1, 64)),
                   })),
          s::Field("prune", s::Struct({
                                s::Field("enabled", s::Boolean()),
                                s::Field("allowEmpty", s::Boolean()),
                                s::Field("maxDeletions", s::Integer().Min(-1)),
                                s::Field("maxDeletionPercent", s::Integer().Range(-1, 100)),
                            })),
          s::Field(
              "disruption",
              s::Struct({
                  s::Field("allowDestructive", s::Boolean()),
                  s::Field("maxDisruptive", s::Integer().Min(-1)),
                  s::Field("disruptConnected", s::Boolean("Disrupt desktops while their users "
                                                          "are connected.")),
                  s::Field("disconnectedGrace", Duration("How long a disconnected session holds "
                                                         "disruption (default 30m).")),
                  s::Field("ignoreWindows", s::Boolean("Disrupt outside the maintenance "
                                                       "windows.")),
              })),
          s::Field("maintenanceWindows",
                   s::ArrayOf(WindowSchema(),
                              "When disruptive and destructive actions may run, per kind or "
                              "label; outside them they are held.")),
          s::Field("observeOnly", s::Boolean("Plan and report drift only.")),
          s::Field("driftWebhook",
                   s::String("URL each pass's drift events are POSTed to (JSON).")
                       .Pattern("https?://[^/?#]+.*", "be a URL such as https://host/path")),
          s::Field("adopt", s::MapOf(s::String().Enum(KindNames()), s::Boolean(),
                                     "Adopt live objects of this kind that match a manifest.")),
          s::Field("shutdownGrace", Duration("How long SIGTERM lets in-flight calls finish.")),
          s::Field("pendingCreateGrace",
                   Duration("How long a create whose answer was lost may take to appear.")),
          s::Field("admin",
                   s::Struct({s::Field("listen", s::String("HOST:PORT; port 0 picks one.")
                                                     .Pattern(".+:[0-9]+", "be HOST:PORT")),
                              s::Field("livenessTimeout",
                                       Interval("No progress for this long fails /healthz and "
                                                "the watchdog (default 5m)."))})),
          s::Field("log",
                   s::Struct({
                       s::Field("format", s::String().Enum({"auto", "logfmt", "json"})),
                       s::Field("level", s::String().Enum({"debug", "info", "warn", "error"})),
                   })),
      },
      "deskops run configuration.");
  return schema;
}

// Secrets by value are the one mistake worth a message of its own.
void RejectInlineSecrets(const s::Value& root, s::Diagnostics& diags) {
  auto reject = [&](const s::Value& v, const std::string& path) {
    if (v.IsScalar() && v.type != s::Value::Type::kNull) {
      diags.Error(v.mark, path,
                  "secrets are given by reference, never by value: write {env: VARIABLE} or "
                  "{file: /path/to/secret}");
    }
  };
  if (const s::Value* creds = root.Find("credentials");
      creds && creds->type == s::Value::Type::kMap) {
    for (const auto& e : creds->entries) reject(e.value, "credentials." + e.key);
  }
  const s::Value* state = root.Find("state");
  const s::Value* etcd =
      state && state->type == s::Value::Type::kMap ? state->Find("etcd") : nullptr;
  if (etcd && etcd->type == s::Value::Type::kMap) {
    for (const char* key : {"username", "password"}) {
      if (const s::Value* v = etcd->Find(key)) reject(*v, StrCat("state.etcd.", key));
    }
  }
}

// Relative paths in a configuration file are relative to the file's directory, so a config works
// from whatever directory deskops is started in.
std::string Resolve(const std::string& base, const std::string& path) {
  if (path.empty() || path.front() == '/' || base.empty()) return path;
  return base + "/" + path;
}

cloud::SecretRef Ref(const s::Fields& f, const std::string& base) {
  return {f.StrOr("env", ""), Resolve(base, f.StrOr("file", ""))};
}

std::chrono::seconds Seconds(const std::optional<std::string>& text,
                             std::chrono::seconds fallback) {
  if (!text) return fallback;
  auto d = ParseDuration(*text);
  return d ? std::chrono::duration_cast<std::chrono::seconds>(*d) : fallback;
}

void Decode(const s::Value& root, const std::string& base, Config& c) {
  s::Fields f(&root);
  c.connection.endpoint = f.StrOr("endpoint", "");
  c.connection.region = f.StrOr("region", "");
  c.connection.project_id = f.StrOr("projectId", "");
  c.connection.ca_file = Resolve(base, f.StrOr("caFile", ""));
  c.connection.insecure_skip_tls_verify = f.Bool("insecureSkipTlsVerify").value_or(false);
  s::Fields cred = f.Sub("credentials");
  c.connection.credentials = {Ref(cred.Sub("ak"), base), Ref(cred.Sub("sk"), base),
                              Ref(cred.Sub("securityToken"), base),
                              Ref(cred.Sub("projectId"), base), Ref(cred.Sub("authToken"), base)};
  for (const auto& m : f.StrList("manifests")) c.manifests.push_back(Resolve(base, m));
  if (auto dir = f.Str("stateDir")) c.state_dir = Resolve(base, *dir);
  s::Fields etcd = f.Sub("state").Sub("etcd");
  c.etcd.endpoints = etcd.StrList("endpoints");
  c.etcd.prefix = etcd.StrOr("prefix", "");
  c.etcd.ca_file = Resolve(base, etcd.StrOr("caFile", ""));
  c.etcd.cert_file = Resolve(base, etcd.StrOr("certFile", ""));
  c.etcd.key_file = Resolve(base, etcd.StrOr("keyFile", ""));
  c.etcd.username = Ref(etcd.Sub("username"), base);
  c.etcd.password = Ref(etcd.Sub("password"), base);
  c.etcd.lease_ttl = Seconds(etcd.Str("leaseTTL"), c.etcd.lease_ttl);
  c.engine.owner = f.StrOr("owner", c.engine.owner);
  c.strict_references = f.Bool("strictReferences").value_or(false);
  s::Fields iv = f.Sub("intervals");
  c.interval = Seconds(iv.Str("reconcile"), c.interval);
  c.retry_interval = Seconds(iv.Str("retry"), c.retry_interval);
  if (auto j = iv.Int("jitterPercent")) c.jitter = static_cast<double>(*j) / 100.0;
  for (const auto& [kind, d] : iv.StrMap("kinds")) c.kind_intervals[kind] = Seconds(d, c.interval);
  s::Fields lim = f.Sub("limits");
  if (auto v = lim.Int("requestsPerSecond"))
    c.connection.requests_per_second = static_cast<double>(*v);
  if (auto v = lim.Int("burst")) c.connection.burst = static_cast<int>(*v);
  if (auto v = lim.Int("maxInFlight")) c.connection.max_in_flight = static_cast<int>(*v);
  if (auto v = lim.Int("maxConnections")) c.connection.max_connections = static_cast<int>(*v);
  if (auto v = lim.Str("requestTimeout")) {
    c.connection.request_timeout = ParseDuration(*v).value_or(c.connection.request_timeout);
  }
  if (auto v = lim.Int("concurrency")) c.engine.concurrency = static_cast<int>(*v);
  s::Fields pr = f.Sub("prune");
  c.engine.prune = pr.Bool("enabled").value_or(false);
  c.engine.allow_empty = pr.Bool("allowEmpty").value_or(false);
  if (auto v = pr.Int("maxDeletions")) c.engine.max_deletions = static_cast<int>(*v);
  if (auto v = pr.Int("maxDeletionPercent"))
    c.engine.max_deletion_percent = static_cast<double>(*v);
  s::Fields dis = f.Sub("disruption");
  c.engine.allow_destructive = dis.Bool("allowDestructive").value_or(false);
  if (auto v = dis.Int("maxDisruptive")) c.engine.max_disruptive = static_cast<int>(*v);
  c.engine.disrupt_connected = dis.Bool("disruptConnected").value_or(false);
  c.engine.disconnected_grace = Seconds(dis.Str("disconnectedGrace"), c.engine.disconnected_grace);
  c.engine.ignore_windows = dis.Bool("ignoreWindows").value_or(false);
  c.engine.observe_only = f.Bool("observeOnly").value_or(false);
  c.drift_webhook = f.StrOr("driftWebhook", "");
  c.engine.pending_create_grace =
      Seconds(f.Str("pendingCreateGrace"), c.engine.pending_create_grace);
  if (const s::Value* adopt = f.Get("adopt")) {
    for (const auto& e : adopt->entries) c.engine.adopt[e.key] = e.value.bool_value;
  }
  c.grace = Seconds(f.Str("shutdownGrace"), c.grace);
  c.admin_listen = f.Sub("admin").StrOr("listen", c.admin_listen);
  c.liveness_timeout = Seconds(f.Sub("admin").Str("livenessTimeout"), c.liveness_timeout);
  c.log_format = f.Sub("log").StrOr("format", c.log_format);
  c.log_level = f.Sub("log").StrOr("level", c.log_level);
}

}  // namespace

Config LoadConfig(const std::string& path, s::Diagnostics& diags) {
  auto text = core::ReadFile(path);
  if (!text.ok()) {
    diags.Error(s::Mark{s::InternFileName(path), 0, 0}, "", std::string(text.status().message()));
    return Config{};
  }
  return ParseConfig(*text, path, diags);
}

Config ParseConfig(std::string_view text, const std::string& path, s::Diagnostics& diags) {
  Config config;
  const std::string* file = s::InternFileName(path);
  int documents = 0;
  s::ReadYamlDocuments(text, file, diags, [&](s::Value&& root) {
    if (++documents > 1) {
      diags.Error(root.mark, "", "a configuration file holds one document");
      return;
    }
    RejectInlineSecrets(root, diags);
    s::Validate(ConfigSchema(), root, "", diags);
    if (diags.HasErrors()) return;
    auto windows = DecodeWindows(root, diags);
    if (diags.HasErrors()) return;
    const auto slash = path.rfind('/');
    Decode(root, slash == std::string::npos ? "" : path.substr(0, slash), config);
    config.engine.windows = std::move(windows);
  });
  return config;
}

}  // namespace deskops::daemon
