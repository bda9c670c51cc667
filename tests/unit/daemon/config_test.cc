#include "daemon/config/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "daemon/settings.h"

namespace deskops::daemon {
namespace {

namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("deskops-config-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  std::string File(const std::string& text, const std::string& name = "config.yaml") {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  fs::path dir_;
};

TEST_F(ConfigTest, AValidFileSetsEverySection) {
  const std::string path = File(R"(endpoint: https://workspace.example.com
projectId: p1
credentials:
  ak: {env: MY_AK}
  sk: {file: secrets/sk}
manifests: [manifests, /abs/more]
stateDir: state
owner: team-a
intervals: {reconcile: 2m, retry: 15s, jitterPercent: 5, kinds: {Desktop: 10m}}
limits: {requestsPerSecond: 5, burst: 7, maxInFlight: 3, maxConnections: 2, concurrency: 6,
         requestTimeout: 90s}
prune: {enabled: true, allowEmpty: false, maxDeletions: 3, maxDeletionPercent: 10}
disruption: {allowDestructive: false, maxDisruptive: 4}
observeOnly: true
driftWebhook: https://hooks.example.com/deskops?team=desk
adopt: {User: false}
shutdownGrace: 45s
pendingCreateGrace: 20m
admin: {listen: "0.0.0.0:9999", livenessTimeout: 2m}
log: {format: json, level: debug}
)");
  specs::Diagnostics diags;
  Config c = LoadConfig(path, diags);
  ASSERT_FALSE(diags.HasErrors()) << diags.items()[0].ToString();
  const std::string base = dir_.string();
  EXPECT_EQ(c.connection.endpoint, "https://workspace.example.com");
  EXPECT_EQ(c.connection.credentials.ak.env, "MY_AK");
  EXPECT_EQ(c.connection.credentials.sk.file, base + "/secrets/sk") << "relative to the file";
  EXPECT_EQ(c.manifests, (std::vector<std::string>{base + "/manifests", "/abs/more"}));
  EXPECT_EQ(c.state_dir, base + "/state");
  EXPECT_EQ(c.engine.owner, "team-a");
  EXPECT_EQ(c.interval, std::chrono::minutes(2));
  EXPECT_EQ(c.retry_interval, std::chrono::seconds(15));
  EXPECT_DOUBLE_EQ(c.jitter, 0.05);
  EXPECT_EQ(c.kind_intervals.at("Desktop"), std::chrono::minutes(10));
  EXPECT_EQ(c.connection.requests_per_second, 5);
  EXPECT_EQ(c.engine.concurrency, 6);
  EXPECT_EQ(c.connection.request_timeout, std::chrono::seconds(90));
  EXPECT_TRUE(c.engine.prune);
  EXPECT_EQ(c.engine.max_deletions, 3);
  EXPECT_EQ(c.engine.max_disruptive, 4);
  EXPECT_TRUE(c.engine.observe_only);
  EXPECT_EQ(c.drift_webhook, "https://hooks.example.com/deskops?team=desk");
  EXPECT_EQ(c.engine.pending_create_grace, std::chrono::minutes(20));
  EXPECT_FALSE(c.engine.AdoptKind("User"));
  EXPECT_EQ(c.grace, std::chrono::seconds(45));
  EXPECT_EQ(c.admin_listen, "0.0.0.0:9999");
  EXPECT_EQ(c.liveness_timeout, std::chrono::minutes(2));
  EXPECT_EQ(c.log_format, "json");
}

TEST_F(ConfigTest, ProblemsNameTheLineAndField) {
  struct Case {
    std::string name, text, want;
  };
  const Case cases[] = {
      {"inline secret", "credentials:\n  sk: hunter2\n",
       ":2:7: credentials.sk: secrets are given by reference"},
      {"bad duration", "intervals:\n  reconcile: soon\n", ":2:14: intervals.reconcile:"},
      {"sub-second interval", "intervals:\n  reconcile: 500ms\n", ":2:14: intervals.reconcile:"},
      {"zero interval", "intervals: {retry: 0s}\n", "intervals.retry"},
      {"interval too long", "intervals:\n  reconcile: 9999999999999h\n",
       ":2:14: intervals.reconcile:"},
      {"timeout too long", "limits: {requestTimeout: 9999999999999h}\n", "limits.requestTimeout"},
      {"zero kind interval", "intervals:\n  kinds: {Desktop: 0m}\n", "intervals.kinds.Desktop"},
      {"unknown key", "endpoint: https://x\nintervalz: {}\n", ":2:1: intervalz:"},
      {"unknown kind", "intervals:\n  kinds: {Desktops: 5m}\n", "Desktops"},
      {"out of range", "intervals: {jitterPercent: 90}\n", "intervals.jitterPercent"},
      {"wrong type", "prune: {enabled: sometimes}\n", "prune.enabled"},
      {"two documents", "owner: a\n---\nowner: b\n", "one document"},
      {"inline etcd password", "state:\n  etcd:\n    password: hunter2\n",
       ":3:15: state.etcd.password: secrets are given by reference"},
      {"etcd endpoint not a URL", "state: {etcd: {endpoints: [127.0.0.1:2379]}}\n",
       "state.etcd.endpoints"},
      {"no etcd endpoint", "state: {etcd: {endpoints: []}}\n", "state.etcd.endpoints"},
      {"etcd prefix without its slashes", "state: {etcd: {prefix: deskops/t1}}\n",
       "state.etcd.prefix"},
      {"unknown etcd key", "state: {etcd: {ttl: 5s}}\n", "state.etcd.ttl"},
      {"bad lease", "state: {etcd: {leaseTTL: long}}\n", "state.etcd.leaseTTL"},
      {"webhook not a URL", "driftWebhook: hooks.example.com/x\n", ":1:15: driftWebhook:"},
      {"webhook scheme", "driftWebhook: ftp://hooks.example.com/x\n", "driftWebhook"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    specs::Diagnostics diags;
    LoadConfig(File(c.text, "bad.yaml"), diags);
    ASSERT_TRUE(diags.HasErrors());
    std::string all;
    for (const auto& d : diags.items()) all += d.ToString() + "\n";
    EXPECT_NE(all.find(c.want), std::string::npos) << all;
    EXPECT_EQ(all.find("hunter2"), std::string::npos) << "a secret is never echoed";
    EXPECT_NE(all.find("bad.yaml"), std::string::npos);
  }
}

TEST_F(ConfigTest, MaintenanceWindowsAreDecoded) {
  specs::Diagnostics diags;
  Config c = LoadConfig(File(R"(disruption: {ignoreWindows: true}
maintenanceWindows:
  - name: weeknights
    days: [Mon, Fri]
    start: "22:30"
    duration: 90m
    timeZone: Europe/Berlin
    kinds: [Desktop]
    labels: {tier: prod}
  - start: "00:00"
    duration: 168h
    timeZone: UTC
)"),
                        diags);
  ASSERT_FALSE(diags.HasErrors()) << diags.items()[0].ToString();
  EXPECT_TRUE(c.engine.ignore_windows);
  ASSERT_EQ(c.engine.windows.size(), 2u);
  const auto& w = c.engine.windows[0];
  EXPECT_EQ(w.name, "weeknights");
  EXPECT_EQ(w.days, (1u << 1) | (1u << 5));
  EXPECT_EQ(w.start, std::chrono::minutes(22 * 60 + 30));
  EXPECT_EQ(w.duration, std::chrono::minutes(90));
  ASSERT_NE(w.zone, nullptr);
  EXPECT_EQ(w.zone->name(), "Europe/Berlin");
  EXPECT_EQ(w.kinds, std::set<std::string>{"Desktop"});
  EXPECT_EQ(w.labels.at("tier"), "prod");
  EXPECT_EQ(c.engine.windows[1].name, "window 2");
  EXPECT_EQ(c.engine.windows[1].days, 0x7f) << "every day by default";
  EXPECT_EQ(c.engine.windows[1].duration, std::chrono::hours(168));
}

TEST_F(ConfigTest, MaintenanceWindowProblemsNameTheLineAndField) {
  struct Case {
    std::string name, window, want;
  };
  const Case cases[] = {
      {"a bad day", "    days: [Mon, Funday]\n", ":3:17: maintenanceWindows[0].days[1]: "},
      {"days empty", "    days: []\n", ":3:11: maintenanceWindows[0].days: "},
      {"a bad hour", "    start: \"24:00\"\n", ":3:12: maintenanceWindows[0].start: "},
      {"not a time", "    start: noon\n", ":3:12: maintenanceWindows[0].start: "},
      {"minutes out of range", "    start: \"22:60\"\n", ":3:12: maintenanceWindows[0].start: "},
      {"seconds are too fine", "    duration: 30s\n", ":3:15: maintenanceWindows[0].duration: "},
      {"zero duration", "    duration: 0h\n", ":3:15: maintenanceWindows[0].duration: "},
      {"longer than a week", "    duration: 169h\n",
       ":3:15: maintenanceWindows[0].duration: a window lasts at most 168h"},
      {"an unknown zone", "    timeZone: Europe/Atlantis\n",
       ":3:15: maintenanceWindows[0].timeZone: unknown time zone \"Europe/Atlantis\""},
      {"a path for a zone", "    timeZone: ../../etc/passwd\n",
       ":3:15: maintenanceWindows[0].timeZone: \"../../etc/passwd\" is not a time zone name"},
      {"an unknown kind", "    kinds: [Desktops]\n", ":3:13: maintenanceWindows[0].kinds[0]: "},
      {"an unknown field", "    weekdays: [Mon]\n", ":3:5: maintenanceWindows[0].weekdays: "},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    // The case's field first, then the required ones it does not set.
    std::string text = "maintenanceWindows:\n  - name: w\n" + c.window;
    for (const char* field : {"start: \"22:00\"", "duration: 6h", "timeZone: UTC"}) {
      const std::string key = std::string(field).substr(0, std::string(field).find(':') + 1);
      if (c.window.find("    " + key) == std::string::npos)
        text += std::string("    ") + field + "\n";
    }
    specs::Diagnostics diags;
    LoadConfig(File(text, "bad.yaml"), diags);
    ASSERT_TRUE(diags.HasErrors());
    std::string all;
    for (const auto& d : diags.items()) all += d.ToString() + "\n";
    EXPECT_NE(all.find("bad.yaml" + c.want), std::string::npos) << all;
  }
}

// 9999999999999h overflowed milliseconds (UB, found with fuzz_config's sanitizers); now refused.
TEST(ParseDurationTest, RefusesWhatMillisecondsCannotHold) {
  EXPECT_EQ(ParseDuration("90s"), std::chrono::seconds(90));
  EXPECT_EQ(ParseDuration("2h"), std::chrono::hours(2));
  EXPECT_EQ(ParseDuration("999999999h"), std::chrono::hours(999999999));
  EXPECT_EQ(ParseDuration("9999999999999h"), std::nullopt);
  EXPECT_EQ(ParseDuration("99999999999999999999s"), std::nullopt);
  EXPECT_EQ(ParseDuration("5d"), std::nullopt);
}

TEST_F(ConfigTest, FlagsWinOverTheFileAndAgainAfterTheFileChanges) {
  const std::string path = File(
      "owner: from-file\nprune: {enabled: false}\nintervals: {reconcile: 2m}\n"
      "manifests: [m]\n");
  Settings settings;
  CLI::App app;
  settings.AddFlags(
      app, Settings::kConnection | Settings::kEngine | Settings::kManifestPaths | Settings::kLoop);
  const char* argv[] = {"deskops",    "--config", path.c_str(),      "--prune",
                        "--interval", "90s",      "--kind-interval", "Desktop=20m"};
  app.parse(static_cast<int>(std::size(argv)), const_cast<char**>(argv));
  auto c = settings.Resolve();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->engine.owner, "from-file") << "not given as a flag: the file's value";
  EXPECT_TRUE(c->engine.prune) << "the flag wins";
  EXPECT_EQ(c->interval, std::chrono::seconds(90));
  EXPECT_EQ(c->kind_intervals.at("Desktop"), std::chrono::minutes(20));
  EXPECT_EQ(c->manifests, (std::vector<std::string>{dir_.string() + "/m"}));
  File("owner: changed\nprune: {enabled: false}\n");  // what a reload reads
  c = settings.Resolve();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->engine.owner, "changed");
  EXPECT_TRUE(c->engine.prune);
  File("owner: [not, a, string]\n");
  c = settings.Resolve();
  EXPECT_FALSE(c.ok());
  EXPECT_NE(std::string(c.status().message()).find("config.yaml:1:8"), std::string::npos)
      << c.status().message();
}

TEST_F(ConfigTest, StateInEtcdFromTheFileAndTheFlags) {
  const std::string path = File(R"(state:
  etcd:
    endpoints: [https://e1:2379, https://e2:2379]
    prefix: /deskops/t1/
    caFile: ca.pem
    certFile: /abs/client.pem
    keyFile: client.key
    username: {env: ETCD_USER}
    password: {file: secrets/etcd}
    leaseTTL: 20s
)");
  specs::Diagnostics diags;
  Config c = LoadConfig(path, diags);
  ASSERT_FALSE(diags.HasErrors()) << diags.items()[0].ToString();
  const std::string base = dir_.string();
  EXPECT_TRUE(c.etcd.enabled());
  EXPECT_EQ(c.etcd.endpoints, (std::vector<std::string>{"https://e1:2379", "https://e2:2379"}));
  EXPECT_EQ(c.etcd.prefix, "/deskops/t1/");
  EXPECT_EQ(c.etcd.ca_file, base + "/ca.pem") << "relative to the file";
  EXPECT_EQ(c.etcd.cert_file, "/abs/client.pem");
  EXPECT_EQ(c.etcd.key_file, base + "/client.key");
  EXPECT_EQ(c.etcd.username.env, "ETCD_USER");
  EXPECT_EQ(c.etcd.password.file, base + "/secrets/etcd");
  EXPECT_EQ(c.etcd.lease_ttl, std::chrono::seconds(20));

  // Flags win; without etcd anywhere the state directory is the default.
  struct Case {
    std::vector<const char*> args;
    bool parses, etcd;
    std::string prefix;
    std::chrono::seconds ttl;
  };
  const Case cases[] = {
      {{}, true, false, "", std::chrono::seconds(15)},
      {{"--etcd-endpoints", "http://a:2379,http://b:2379", "--etcd-prefix", "/d/x/"},
       true, true, "/d/x/", std::chrono::seconds(15)},
      {{"--etcd-endpoints", "http://a:2379", "--etcd-lease-ttl", "3s"},
       true, true, "", std::chrono::seconds(3)},
      {{"--etcd-lease-ttl", "2s"}, false, false, "", {}},
      {{"--etcd-lease-ttl", "never"}, false, false, "", {}},
  };
  for (const auto& k : cases) {
    Settings settings;
    CLI::App app;
    settings.AddFlags(app, Settings::kState);
    std::vector<const char*> argv{"deskops"};
    argv.insert(argv.end(), k.args.begin(), k.args.end());
    try {
      app.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
    } catch (const CLI::ParseError&) {
      EXPECT_FALSE(k.parses) << (k.args.empty() ? "" : k.args.back());
      continue;
    }
    ASSERT_TRUE(k.parses) << k.args.back();
    auto got = settings.Resolve();
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_EQ(got->etcd.enabled(), k.etcd);
    EXPECT_EQ(got->etcd.prefix, k.prefix);
    EXPECT_EQ(got->etcd.lease_ttl, k.ttl);
    if (k.etcd) {
      EXPECT_EQ(got->etcd.endpoints.front().substr(0, 7), "http://");
    }
  }
}

TEST_F(ConfigTest, DriftWebhookFlagWinsAndMustBeAnHttpUrl) {
  const std::string path = File("driftWebhook: http://from-file.example/hook\n");
  {
    Settings settings;
    CLI::App app;
    settings.AddFlags(app, Settings::kEngine | Settings::kLoop);
    const char* argv[] = {"deskops", "--config", path.c_str(), "--drift-webhook",
                          "https://flag.example/hook"};
    app.parse(static_cast<int>(std::size(argv)), const_cast<char**>(argv));
    auto c = settings.Resolve();
    ASSERT_TRUE(c.ok()) << c.status().message();
    EXPECT_EQ(c->drift_webhook, "https://flag.example/hook");
  }
  {
    Settings settings;
    CLI::App app;
    settings.AddFlags(app, Settings::kEngine | Settings::kLoop);
    const char* argv[] = {"deskops", "--config", path.c_str()};
    app.parse(static_cast<int>(std::size(argv)), const_cast<char**>(argv));
    EXPECT_EQ(settings.Resolve()->drift_webhook, "http://from-file.example/hook");
  }
  Settings settings;
  CLI::App app;
  settings.AddFlags(app, Settings::kLoop);
  const char* argv[] = {"deskops", "--drift-webhook", "ftp://x/hook"};
  EXPECT_THROW(app.parse(static_cast<int>(std::size(argv)), const_cast<char**>(argv)),
               CLI::ValidationError);
}

TEST_F(ConfigTest, IntervalFlagsStartAtOneSecond) {
  struct Case {
    std::vector<const char*> args;
    bool ok;
  };
  const Case cases[] = {
      {{"--interval", "1s"}, true},
      {{"--interval", "0s"}, false},
      {{"--interval", "500ms"}, false},
      {{"--retry-interval", "0m"}, false},
      {{"--kind-interval", "Desktop=0s"}, false},
      {{"--shutdown-grace", "0s"}, true},
      {{"--liveness-timeout", "2s"}, true},
      {{"--liveness-timeout", "0s"}, false},
  };
  for (const auto& c : cases) {
    Settings settings;
    CLI::App app;
    settings.AddFlags(app, Settings::kLoop);
    std::vector<const char*> argv{"deskops"};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    bool parsed = true;
    try {
      app.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
    } catch (const CLI::ParseError&) {
      parsed = false;
    }
    EXPECT_EQ(parsed, c.ok) << c.args[0] << " " << c.args[1];
  }
}

TEST_F(ConfigTest, WithoutAFileFlagsAndDefaults) {
  Settings settings;
  CLI::App app;
  settings.AddFlags(app, Settings::kConnection | Settings::kEngine);
  const char* argv[] = {"deskops", "--max-deletions", "0", "--no-adopt", "--request-timeout", "2s"};
  app.parse(static_cast<int>(std::size(argv)), const_cast<char**>(argv));
  auto c = settings.Resolve();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->connection.request_timeout, std::chrono::seconds(2));
  EXPECT_EQ(c->engine.max_deletions, 0);
  EXPECT_FALSE(c->engine.AdoptKind("Desktop"));
  EXPECT_EQ(c->state_dir, ".deskops");
  EXPECT_EQ(c->liveness_timeout, std::chrono::minutes(5));
  EXPECT_EQ(c->manifests, (std::vector<std::string>{"."}));
  EXPECT_FALSE(c->engine.prune);
}

TEST_F(ConfigTest, TheRequestTimeoutDefaultsToAMinuteAndMustBePositive) {
  {
    Settings settings;
    CLI::App app;
    settings.AddFlags(app, Settings::kConnection);
    const char* argv[] = {"deskops"};
    app.parse(1, const_cast<char**>(argv));
    auto c = settings.Resolve();
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->connection.request_timeout, std::chrono::seconds(60));
  }
  for (const char* bad : {"0s", "soon"}) {
    Settings settings;
    CLI::App app;
    settings.AddFlags(app, Settings::kConnection);
    const char* argv[] = {"deskops", "--request-timeout", bad};
    EXPECT_THROW(app.parse(3, const_cast<char**>(argv)), CLI::ValidationError) << bad;
  }
}

}  // namespace
}  // namespace deskops::daemon
