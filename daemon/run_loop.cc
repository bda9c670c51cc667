#include "daemon/run_loop.h"

#include <thread>

#include "core/redact.h"
#include "core/strings.h"
#include "daemon/admin/admin_server.h"
#include "daemon/admin_routes.h"
#include "daemon/build_info.h"
#include "daemon/connection.h"
#include "daemon/drift_report.h"
#include "daemon/logging.h"
#include "daemon/loop/manifest_watcher.h"
#include "daemon/loop/schedule.h"
#include "daemon/loop/systemd.h"
#include "daemon/metrics/metrics.h"
#include "daemon/pass_report.h"
#include "daemon/state_backend.h"
#include "daemon/status/status_board.h"
#include "reconcilers/engine/engine.h"
#include "reconcilers/registry.h"
#include "specs/kinds.h"
#include "specs/loader.h"

namespace deskops::daemon {

using core::StrCat;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kDebounce = std::chrono::milliseconds(300);
constexpr auto kStandbyPoll = std::chrono::seconds(1);
constexpr auto kWaitingRecheck = std::chrono::seconds(10);  // tasks in progress
constexpr auto kFollowUp = std::chrono::seconds(5);         // confirm what a pass changed
constexpr int kMaxFollowUps = 5;

long long NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
      .count();
}

std::string Redact(std::string_view text) { return core::SecretRegistry::Global().Redact(text); }

std::unique_ptr<core::Logger> MakeLogger(const Config& c) {
  auto options = StderrLogOptions(c.log_format, c.log_level);
  return std::make_unique<core::Logger>(
      std::make_shared<core::FdSink>(2),
      options.ok() ? *options
                   : core::Logger::Options{core::LogFormat::kLogfmt, core::LogLevel::kInfo,
                                           core::IsJournalStream(2)});
}

ScheduleOptions ScheduleFrom(const Config& c) {
  ScheduleOptions o;
  o.interval = c.interval;
  o.retry_interval = c.retry_interval;
  o.jitter = c.jitter;
  o.kind_intervals = c.kind_intervals;
  o.max_backoff = std::max<std::chrono::seconds>(c.interval, std::chrono::seconds(60));
  return o;
}

// How long a successful observation keeps the daemon ready: two of its longest intervals, so one
// failed pass does not flap readiness, but an API that stays unreachable does.
std::chrono::seconds ObserveWindow(const Config& c) {
  auto longest = c.interval;
  for (const auto& [kind, d] : c.kind_intervals) longest = std::max(longest, d);
  return 2 * longest + c.retry_interval + std::chrono::seconds(60);
}

// Feeds API activity to the metrics and to the watchdog's sign of life.
struct ActivityObserver final : cloud::CallObserver {
  Daemon& daemon;
  Metrics& metrics;
  ActivityObserver(Daemon& d, Metrics& m) : daemon(d), metrics(m) {}
  void OnAttempt(const cloud::Operation& op, int status, std::string_view code,
                 std::chrono::nanoseconds latency) override {
    daemon.Touch();
    metrics.OnAttempt(op, status, code, latency);
  }
  void OnRetry(const cloud::Operation& op, std::chrono::milliseconds d) override {
    metrics.OnRetry(op, d);
  }
  void OnThrottled(const cloud::Operation& op, std::chrono::milliseconds d) override {
    metrics.OnThrottled(op, d);
  }
};

}  // namespace

// Everything the daemon holds. The metrics, status board, admin server and lock live as long as
// the process; the client and engine are rebuilt when the configuration is reloaded.
struct Daemon::Session {
  std::unique_ptr<core::Logger> log;
  std::vector<std::string> kind_names = specs::KindNames();
  reconcilers::ReconcilerList kinds = reconcilers::MakeReconcilers();
  Metrics metrics{core::SystemClock(), BuildInfo{kVersion, kGitCommit}, kind_names,
                  reconcilers::AllOperations(kinds)};
  StatusBoard board;
  std::unique_ptr<AdminServer> admin;
  std::unique_ptr<StateBackend> state;  // the state directory's lock, or leadership in etcd
  std::unique_ptr<ManifestWatcher> watcher;
  std::unique_ptr<Schedule> schedule;
  std::unique_ptr<ActivityObserver> activity;
  std::unique_ptr<cloud::ApiClient> client;
  std::shared_ptr<cloud::CredentialRotator> rotator;  // the client's; dies with it
  std::unique_ptr<reconcilers::Engine> engine;
  std::unique_ptr<ManifestWatcher> credential_watcher;  // refreshes through the rotator
  // Last: its worker reports to the metrics, which must outlive it.
  std::unique_ptr<DriftWebhook> webhook;
  int follow_ups = 0;
};

Daemon::Daemon(const Settings& settings, Config config, bool once)
    : settings_(settings),
      config_(std::move(config)),
      once_(once),
      liveness_(config_.liveness_timeout),
      s_(std::make_unique<Session>()) {
  s_->log = MakeLogger(config_);
  s_->schedule = std::make_unique<Schedule>(s_->kind_names, ScheduleFrom(config_),
                                            static_cast<unsigned>(NowMs()));
  s_->activity = std::make_unique<ActivityObserver>(*this, s_->metrics);
  std::map<std::string, std::vector<std::string>> drift_fields;
  for (const auto& kind : s_->kind_names) drift_fields[kind] = FieldLabels(kind);
  s_->metrics.InitDriftFields(drift_fields);
  Touch();
}

Daemon::~Daemon() = default;

void Daemon::RequestStop() {
  stop_ = true;
  halt_ = true;
  // Shown at once (the board is thread-safe): from here on no new call starts.
  s_->board.Update([](DaemonState& d) { d.phase = "stopping"; });
  std::lock_guard lock(mu_);
  cv_.notify_all();
}

void Daemon::RequestReload() {
  std::lock_guard lock(mu_);
  reload_requested_ = true;
  cv_.notify_all();
}

void Daemon::ManifestsChanged() {
  std::lock_guard lock(mu_);
  changed_ = true;
  cv_.notify_all();
}

Daemon::Wake Daemon::WaitUntil(Clock::time_point deadline) {
  std::unique_lock lock(mu_);
  for (;;) {
    if (stop_) return Wake::kStop;
    if (lost_) return Wake::kLost;
    if (reload_requested_) {
      reload_requested_ = false;
      return Wake::kReload;
    }
    if (changed_) {
      changed_ = false;
      return Wake::kChanged;
    }
    const auto now = Clock::now();
    if (now >= deadline) return Wake::kTimeout;
    // Wake often enough that the watchdog and /healthz see the loop alive while it idles.
    cv_.wait_until(lock, std::min(deadline, now + liveness_.WakeEvery()));
    Touch();
  }
}

core::Status Daemon::StartSession() {
  Session& s = *s_;
  SendGuard guard;
  if (s.state->etcd()) guard = [state = s.state.get()] { return state->MayAct(); };
  std::shared_ptr<cloud::CredentialRotator> rotator;
  DESKOPS_ASSIGN_OR_RETURN(auto client, MakeClient(config_.connection, *s.log, guard, &rotator));
  s.credential_watcher.reset();  // they refer to the old client
  s.engine.reset();
  s.client = std::move(client);
  s.rotator = std::move(rotator);
  s.client->set_observer(s.activity.get());
  DESKOPS_RETURN_IF_ERROR(StartTerm());
  DESKOPS_RETURN_IF_ERROR(StartWebhook());
  s.schedule->set_options(ScheduleFrom(config_));
  s.board.Update([&](DaemonState& d) {
    d.observe_window = ObserveWindow(config_);
    d.state_dir = config_.state_dir;
  });
  if (!once_) {
    s.watcher.reset();
    DESKOPS_ASSIGN_OR_RETURN(
        s.watcher, ManifestWatcher::Start(
                       config_.manifests, kDebounce, [this] { ManifestsChanged(); }, *s.log));
    DESKOPS_RETURN_IF_ERROR(WatchCredentials());
  }
  return core::Status::Ok();
}

// Re-reads the credentials when a file they come from changes (rotation: a new STS key, a
// Kubernetes Secret update), on the watcher's thread: a pass in progress uses the new ones from
// its next call.
core::Status Daemon::WatchCredentials() {
  Session& s = *s_;
  std::vector<std::string> files = s.rotator->Files();
  if (files.empty()) return core::Status::Ok();
  DESKOPS_ASSIGN_OR_RETURN(
      s.credential_watcher,
      ManifestWatcher::Start(
          std::move(files), kDebounce,
          [r = s.rotator.get()] { r->Refresh(cloud::CredentialRotator::Trigger::kFileChanged); },
          *s.log));
  return core::Status::Ok();
}

// A fresh engine for this term, built after leadership was won: its start bounds "an earlier
// run's call may still be in flight" (Engine::SettlePending), and a deposed leader's last call
// preceded its lease's end, which preceded this election.
core::Status Daemon::StartTerm() {
  Session& s = *s_;
  s.engine = std::make_unique<reconcilers::Engine>(s.kinds, *s.client, core::SystemClock(), *s.log,
                                                   config_.engine, config_.state_dir);
  s.engine->set_observer(&s.metrics);
  s.engine->set_stop(&halt_);
  s.engine->set_state_store(s.state->Store());
  s.engine->set_may_act([state = s.state.get()] { return state->MayAct(); });
  return s.engine->Open();
}

// Shows why this process waits on /readyz and /status, and tells systemd once per reason.
void Daemon::StandBy(const std::string& reason, const std::string& status, bool& announced) {
  Session& s = *s_;
  s.board.Update([&](DaemonState& d) {
    d.phase = "standby";
    d.leader = false;
    d.standby_reason = reason;
  });
  if (announced) return;
  announced = true;
  systemd::Notify(StrCat("READY=1\nSTATUS=standby: ", status));
}

// (Re)starts the drift webhook when its URL, CA file or logging changed; a reload that keeps them
// keeps the payloads still queued. Stopping the old one waits for an attempt in progress (at most
// its timeout).
core::Status Daemon::StartWebhook() {
  Session& s = *s_;
  const std::string& url = config_.drift_webhook;
  const std::string key = StrCat(url, "\n", config_.connection.ca_file, "\n", config_.log_format,
                                 "\n", config_.log_level);
  if (s.webhook && webhook_key_ == key) return core::Status::Ok();
  s.webhook.reset();
  webhook_key_.clear();
  if (url.empty()) return core::Status::Ok();
  DriftWebhookOptions o;
  o.url = url;
  o.ca_file = config_.connection.ca_file;
  std::shared_ptr<const core::Logger> log = MakeLogger(config_);
  DESKOPS_ASSIGN_OR_RETURN(
      s.webhook, DriftWebhook::Start(o, std::move(log), [&m = s.metrics](DeliveryResult r) {
        m.WebhookDelivery(DeliveryResultName(r));
      }));
  webhook_key_ = key;
  return core::Status::Ok();
}

// Lets the webhook deliver what the last passes found: after --once within the shutdown grace; on
// SIGTERM within half of it, which the signal thread counts from the signal, so the rest of the
// grace stays for the calls in flight and a slow receiver never turns a stop into a forced exit.
void Daemon::DrainWebhook() {
  if (!s_->webhook) return;
  s_->webhook->Drain(stop_ ? std::chrono::milliseconds(config_.grace) / 2
                           : std::chrono::milliseconds(config_.grace));
}

// Waits (as a standby) until this process holds the state directory's lock, or leads in etcd.
// False when stopped first, or, with --once, when another instance holds it.
bool Daemon::AcquireLeadership() {
  Session& s = *s_;
  const bool etcd = s.state->etcd();
  bool announced = false;
  std::string last_reason;
  for (;;) {
    auto held = s.state->TryLead();
    if (!held.ok() && !etcd) {
      s.log->Error("cannot take the state directory lock",
                   {{"error", std::string(held.status().message())}});
      return false;
    }
    if (held.ok() && *held) break;
    const std::string holder = held.ok() ? s.state->Leader() : "";
    if (once_) {
      if (!held.ok()) {
        // Unreachable, or it answered and refused (a wrong password, no permission on the prefix).
        s.log->Error(held.status().code() == core::StatusCode::kUnavailable
                         ? "cannot reach etcd; not running"
                         : "etcd refused this deskops; not running",
                     {{"error", Redact(held.status().message())}});
      } else if (etcd) {
        s.log->Error("another deskops leads; not running",
                     {{"state", s.state->Describe()}, {"leader", holder}});
      } else {
        s.log->Error("another deskops holds the state directory; not running",
                     {{"state_dir", config_.state_dir}, {"holder", holder}});
      }
      return false;
    }
    std::string reason;
    if (!held.ok()) {
      // etcd cannot be reached (or refuses): stay a standby, say why, and try again.
      reason = held.status().code() == core::StatusCode::kUnavailable
                   ? Redact(held.status().message())
                   : StrCat("etcd: ", Redact(held.status().message()));
    } else if (etcd) {
      reason = StrCat("leader is ", holder.empty() ? "another replica" : holder);
    } else {
      reason = StrCat("the state directory lock is held by ",
                      holder.empty() ? "another process" : holder);
    }
    if (reason != last_reason) {
      if (!held.ok()) {
        s.log->Warn("standby: cannot reach etcd; trying again",
                    {{"state", s.state->Describe()}, {"error", Redact(held.status().message())}});
      } else if (etcd) {
        s.log->Info("standby: another deskops leads; waiting for its lease to end",
                    {{"state", s.state->Describe()}, {"leader", holder}});
      } else if (!announced) {
        s.log->Info("standby: another deskops holds the state directory; waiting for it to exit",
                    {{"state_dir", config_.state_dir}, {"holder", holder}});
      }
      last_reason = reason;
      announced = false;
    }
    StandBy(reason, etcd ? reason : StrCat("the state directory is held by ", holder), announced);
    if (WaitUntil(Clock::now() + kStandbyPoll) == Wake::kStop) return false;
  }
  s.metrics.SetLeader(true);
  s.board.Update([&](DaemonState& d) {
    d.leader = true;
    d.leader_id = s.state->Leader();
    d.standby_reason.clear();
  });
  if (etcd) {
    s.log->Info("leading", {{"state", s.state->Describe()}, {"leader", s.state->Leader()}});
  } else {
    s.log->Info("holding the state directory lock", {{"state_dir", config_.state_dir}});
  }
  return true;
}

// From the thread that noticed (the lease's renewer, or a worker whose write was refused): stops
// acting at once. The loop then campaigns again (Relead).
void Daemon::LeadershipLost(const std::string& why) {
  Session& s = *s_;
  {
    std::lock_guard lock(mu_);
    lost_ = true;
    halt_ = true;
    cv_.notify_all();
  }
  s.metrics.SetLeader(false);
  s.board.Update([&](DaemonState& d) {
    d.leader = false;
    d.phase = "standby";
    d.standby_reason = StrCat("lost leadership: ", why);
  });
  s.log->Warn("lost leadership: stopped acting at once; campaigning again", {{"why", why}});
  systemd::Notify(StrCat("STATUS=standby: lost leadership: ", why));
}

// After a loss: waits to lead again and starts a new term. False when stopped first, or when the
// new term cannot start.
bool Daemon::Relead() {
  Session& s = *s_;
  s.engine.reset();  // a new term gets a new engine, which reads the state again
  for (;;) {
    {
      std::lock_guard lock(mu_);
      lost_ = false;
      halt_ = stop_.load();
    }
    if (!AcquireLeadership()) return false;
    core::Status st = StartTerm();
    if (st.ok()) break;
    if (st.code() != core::StatusCode::kUnavailable) {
      s.log->Error("cannot start", {{"error", Redact(st.message())}});
      return false;
    }
    s.log->Warn("cannot read the state; stepping down", {{"error", Redact(st.message())}});
    s.state->Resign();
    s.metrics.SetLeader(false);
    if (WaitUntil(Clock::now() + kStandbyPoll) == Wake::kStop) return false;
  }
  s.schedule->AllDue(Clock::now());
  return true;
}

void Daemon::Reload() {
  Session& s = *s_;
  systemd::Notify("RELOADING=1");
  auto fresh = settings_.Resolve();
  core::Status problem;
  if (!fresh.ok()) {
    problem = fresh.status();
  } else if (fresh->etcd.endpoints != config_.etcd.endpoints ||
             fresh->etcd.prefix != config_.etcd.prefix ||
             fresh->etcd.lease_ttl != config_.etcd.lease_ttl) {
    problem = core::Status::FailedPrecondition(
        "state.etcd cannot change while deskops runs; restart deskops to move the state");
  } else if (fresh->state_dir != config_.state_dir) {
    problem = core::Status::FailedPrecondition(StrCat("stateDir cannot change while deskops runs (",
                                                      config_.state_dir, " -> ", fresh->state_dir,
                                                      "); restart deskops to move it"));
  }
  if (problem.ok()) {
    Config old = std::move(config_);
    config_ = std::move(*fresh);
    s.credential_watcher.reset();  // its thread logs through the logger replaced here
    s.log = MakeLogger(config_);
    liveness_.set_limit(config_.liveness_timeout);
    if (auto st = StartSession(); !st.ok()) {
      problem = st;
      config_ = std::move(old);
      s.log = MakeLogger(config_);
      liveness_.set_limit(config_.liveness_timeout);
      (void)StartSession();
    } else if (config_.admin_listen != old.admin_listen) {
      s.admin.reset();  // frees the old address; Run starts the server on the new one
    }
  }
  if (!problem.ok()) {
    s.metrics.ConfigReloaded(false);
    s.log->Error("configuration reload rejected; keeping the previous configuration",
                 {{"error", Redact(problem.message())}});
  } else {
    s.metrics.ConfigReloaded(true);
    s.log->Info("configuration reloaded", {{"config", settings_.config_path()}});
    s.schedule->AllDue(Clock::now());
  }
  systemd::Notify("READY=1\nSTATUS=configuration reloaded");
}

bool Daemon::RunPass(const std::set<std::string>& due) {
  Session& s = *s_;
  const auto started = Clock::now();
  const auto started_wall = core::SystemClock().Now();
  const bool all = due.size() == s.kind_names.size();
  s.board.Update([&](DaemonState& d) {
    d.phase = "reconciling";
    d.last_pass_start = started_wall;
  });
  systemd::Notify(StrCat("STATUS=reconciling ", all ? std::string("every kind")
                                                    : core::Join({due.begin(), due.end()}, ", ")));

  PassInput in;
  in.kinds = due;
  in.all_kinds = s.kind_names;
  specs::LoadOptions lo;
  lo.strict_references = config_.strict_references;
  specs::LoadResult loaded = specs::LoadManifests(config_.manifests, lo);
  for (const auto& d : loaded.diagnostics.items()) {
    (d.severity == specs::Severity::kError
         ? s.log->Error("manifest problem", {{"problem", Redact(d.ToString())}})
         : s.log->Warn("manifest problem", {{"problem", Redact(d.ToString())}}));
  }
  core::StatusOr<reconcilers::Plan> plan = core::Status::FailedPrecondition("not planned");
  reconcilers::ApplyReport report;
  if (!loaded.ok()) {
    s.metrics.ManifestLoadFailed();
    in.failure = StrCat("the manifests have ", loaded.diagnostics.ErrorCount(),
                        " error(s); nothing was planned or changed");
  } else {
    in.manifests = &loaded.manifests;
    auto& options = s.engine->options();
    options.only_kinds = all ? std::set<std::string>{} : due;
    options.backoff = s.schedule->Backoffs(started);
    plan = s.engine->MakePlan(loaded.manifests, loaded.digest);
    if (!plan.ok()) {
      in.failure = Redact(plan.status().message());
    } else {
      in.plan = &*plan;
      s.board.Update([&](DaemonState& d) { d.last_observe_ok = core::SystemClock().Now(); });
      if (plan->Runnable() > 0 && !halt_) {
        report = s.engine->Apply(*plan);
        in.report = &report;
      }
    }
  }
  in.engine = s.engine.get();
  in.stopping = stop_ || lost_;  // cut short by a stop or a lost leadership
  PassOutcome out = DigestPass(in, s.board.Objects(), core::SystemClock().Now());
  s.board.SetObjects(out.objects);
  RecordPassMetrics(s.metrics, in, out);
  if (in.plan) {
    const auto drift = BuildDriftEvents(*in.plan, in.report);
    ReportDrift(drift, DriftPass{kVersion, started_wall, config_.engine.observe_only}, *s.log,
                s.metrics, s.webhook.get());
    out.log_fields.push_back({"drifted_fields", drift.size()});
  }
  const auto took = std::chrono::duration<double>(Clock::now() - started);
  // A pass cut short by a stop is neither a success nor a failure of reconciling.
  if (!out.stopped) s.metrics.ReconcileFinished(out.ok, took);

  auto now = Clock::now();
  s.schedule->ObjectsPassed(due, out.failures, now);
  s.schedule->Passed(due, out.ok, now);
  if (out.waiting > 0) s.schedule->Soon(due, now + kWaitingRecheck);
  if (out.changed && ++s.follow_ups <= kMaxFollowUps) {
    s.schedule->Soon(due, now + kFollowUp);
  } else if (!out.changed) {
    s.follow_ups = 0;
  }
  const auto next_wall =
      core::SystemClock().Now() +
      std::chrono::duration_cast<std::chrono::system_clock::duration>(s.schedule->Next() - now);
  s.board.Update([&](DaemonState& d) {
    d.phase = stop_ ? "stopping" : lost_ ? "standby" : "idle";
    d.last_pass_end = core::SystemClock().Now();
    d.last_result = out.ok ? "success" : out.stopped ? "stopped" : "failure";
    d.last_message = out.summary;
    d.runnable = out.runnable;
    d.held = out.held;
    d.errors = out.errors;
    d.in_sync = out.in_sync;
    if (out.ok) d.last_success = d.last_pass_end;
    d.next_pass = next_wall;
  });
  if (out.ok || out.stopped) {
    s.log->Info(out.ok ? "pass done" : "pass stopped", out.log_fields);
  } else {
    s.log->Warn("pass failed", out.log_fields);
  }
  const char* status = out.ok ? "idle: " : out.stopped ? "stopping: " : "last pass failed: ";
  systemd::Notify(StrCat("STATUS=", status, out.summary));
  return out.ok;
}

int Daemon::Run() {
  Session& s = *s_;
  const auto now_wall = core::SystemClock().Now();
  s.board.Update([&](DaemonState& d) {
    d.version = StrCat(kVersion, " (", kGitCommit, ")");
    d.phase = "starting";
    d.started = now_wall;
    d.config_path = settings_.config_path();
    d.state_dir = config_.state_dir;
    d.observe_window = ObserveWindow(config_);
  });
  if (!once_) {
    auto admin = AdminServer::Start(config_.admin_listen,
                                    AdminRoutes(s.metrics, s.board, liveness_), *s.log);
    if (!admin.ok()) {
      s.log->Error("cannot start the admin server",
                   {{"error", std::string(admin.status().message())}});
      return 1;
    }
    s.admin = std::move(*admin);
    s.log->Info("admin server listening",
                {{"address", s.admin->address()},
                 {"status_page", StrCat("http://", s.admin->address(), "/")}});
  }
  auto state = StateBackend::Open(config_);
  if (!state.ok()) {
    s.log->Error("cannot start", {{"error", Redact(state.status().message())}});
    return 1;
  }
  s.state = std::move(*state);
  s.state->OnLost([this](const std::string& why) { LeadershipLost(why); });
  s.board.Update([&](DaemonState& d) { d.state_backend = s.state->Describe(); });
  if (!AcquireLeadership()) return stop_ ? 0 : 1;
  if (auto st = StartSession(); !st.ok()) {
    s.log->Error("cannot start", {{"error", Redact(st.message())}});
    s.state->Resign();
    return 1;
  }
  systemd::Notify("READY=1\nSTATUS=first reconcile pass");
  s.schedule->AllDue(Clock::now());
  for (;;) {
    auto due = s.schedule->Due(Clock::now());
    if (!due.empty() && !lost_) {
      const bool ok = RunPass(due);
      if (once_) {
        s.state->Resign();
        DrainWebhook();
        return ok && !lost_ ? 0 : 1;
      }
    }
    if (stop_) break;
    switch (WaitUntil(s.schedule->Next())) {
      case Wake::kStop:
        break;
      case Wake::kLost:
        if (!Relead()) break;
        continue;
      case Wake::kReload:
        Reload();
        if (!s.admin && !once_) {
          auto admin = AdminServer::Start(config_.admin_listen,
                                          AdminRoutes(s.metrics, s.board, liveness_), *s.log);
          if (admin.ok()) {
            s.admin = std::move(*admin);
            s.log->Info("admin server listening", {{"address", s.admin->address()}});
          } else {
            s.log->Error("cannot start the admin server",
                         {{"error", std::string(admin.status().message())}});
          }
        }
        continue;
      case Wake::kChanged:
        s.log->Info("manifests changed; reconciling every kind now");
        s.schedule->AllDue(Clock::now());
        continue;
      case Wake::kTimeout:
        continue;
    }
    break;
  }
  systemd::Notify("STOPPING=1\nSTATUS=stopping");
  s.board.Update([](DaemonState& d) { d.phase = "stopping"; });
  DrainWebhook();
  // With etcd a standby takes over at once instead of waiting for the lease to expire.
  s.state->Resign();
  s.log->Info("stopped");
  return stop_ ? 0 : 1;
}

}  // namespace deskops::daemon
