#include "daemon/metrics/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <cctype>
#include <mutex>
#include <set>

#include "daemon/metrics/process_stats.h"
#include "reconcilers/engine/action.h"
#include "reconcilers/engine/executor.h"

namespace deskops::daemon {

namespace pm = prometheus;

namespace {

constexpr int kMaxErrorCodes = 200;

const pm::Histogram::BucketBoundaries kApiBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                     0.5,   1,    2.5,   5,    10,  30};
const pm::Histogram::BucketBoundaries kReconcileBuckets = {0.1, 0.5, 1,   2.5, 5,   10,
                                                           30,  60,  120, 300, 600, 1800};
const pm::Histogram::BucketBoundaries kJobBuckets = {1,   5,   10,   30,   60,  120,
                                                     300, 600, 1200, 1800, 3600};

std::vector<std::string> AllVerbs() {
  std::vector<std::string> out;
  for (int v = 0; v <= static_cast<int>(reconcilers::Verb::kDisks); ++v) {
    out.emplace_back(reconcilers::VerbName(static_cast<reconcilers::Verb>(v)));
  }
  return out;
}

double Seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace

std::string ErrorCodeLabel(std::string_view code) {
  if (code.empty()) return "";
  if (code.size() > 32) return "other";
  for (char c : code) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return "other";
    }
  }
  return std::string(code);
}

const std::vector<std::string>& Metrics::Gates() {
  static const std::vector<std::string> gates = [] {
    std::vector<std::string> out;
    for (int g = static_cast<int>(reconcilers::Gate::kNone) + 1;
         g <= static_cast<int>(reconcilers::Gate::kDisruptionBudget); ++g) {
      out.emplace_back(reconcilers::GateName(static_cast<reconcilers::Gate>(g)));
    }
    return out;
  }();
  return gates;
}

struct Metrics::Impl {
  const core::Clock& clock;
  std::shared_ptr<pm::Registry> registry = std::make_shared<pm::Registry>();
  std::vector<std::string> kinds;

  pm::Family<pm::Counter>& runs = pm::BuildCounter()
                                      .Name("deskops_reconcile_runs_total")
                                      .Help("Reconcile passes, by result.")
                                      .Register(*registry);
  pm::Family<pm::Histogram>& run_seconds = pm::BuildHistogram()
                                               .Name("deskops_reconcile_duration_seconds")
                                               .Help("How long a reconcile pass took.")
                                               .Register(*registry);
  pm::Family<pm::Gauge>& last_success =
      pm::BuildGauge()
          .Name("deskops_last_successful_reconcile_timestamp_seconds")
          .Help("When the last successful reconcile pass ended (Unix time).")
          .Register(*registry);
  pm::Family<pm::Gauge>& objects = pm::BuildGauge()
                                       .Name("deskops_objects")
                                       .Help("Managed objects by kind and condition status.")
                                       .Register(*registry);
  pm::Family<pm::Counter>& drift_detected =
      pm::BuildCounter()
          .Name("deskops_drift_detected_total")
          .Help("Objects found different from their manifest, per pass.")
          .Register(*registry);
  pm::Family<pm::Counter>& drift_corrected = pm::BuildCounter()
                                                 .Name("deskops_drift_corrected_total")
                                                 .Help("Objects brought back to their manifest.")
                                                 .Register(*registry);
  pm::Family<pm::Counter>& drift_events =
      pm::BuildCounter()
          .Name("deskops_drift_events_total")
          .Help(
              "Drifted fields found, one per object and field per pass, by kind and field "
              "(its top-level spec field).")
          .Register(*registry);
  pm::Family<pm::Counter>& webhook = pm::BuildCounter()
                                         .Name("deskops_drift_webhook_deliveries_total")
                                         .Help("Drift webhook payloads, by result.")
                                         .Register(*registry);
  pm::Family<pm::Counter>& actions = pm::BuildCounter()
                                         .Name("deskops_actions_total")
                                         .Help("Actions executed, by kind, verb and result.")
                                         .Register(*registry);
  pm::Family<pm::Gauge>& held =
      pm::BuildGauge()
          .Name("deskops_held_actions")
          .Help("Actions of the last plan held, by the gate that held them.")
          .Register(*registry);
  pm::Family<pm::Gauge>& held_until =
      pm::BuildGauge()
          .Name("deskops_held_actions_clear_timestamp_seconds")
          .Help(
              "When the first action a gate holds goes ahead (Unix time), for gates that know "
              "(maintenance-window: the next opening); 0 otherwise.")
          .Register(*registry);
  pm::Family<pm::Counter>& requests = pm::BuildCounter()
                                          .Name("deskops_api_requests_total")
                                          .Help(
                                              "Workspace API requests (every attempt), by "
                                              "operation, HTTP status (0: no answer) and "
                                              "API error code.")
                                          .Register(*registry);
  pm::Family<pm::Histogram>& latency = pm::BuildHistogram()
                                           .Name("deskops_api_request_duration_seconds")
                                           .Help("Workspace API request latency.")
                                           .Register(*registry);
  pm::Family<pm::Counter>& retries = pm::BuildCounter()
                                         .Name("deskops_api_retries_total")
                                         .Help("Workspace API requests retried.")
                                         .Register(*registry);
  pm::Family<pm::Counter>& throttled =
      pm::BuildCounter()
          .Name("deskops_api_throttled_total")
          .Help("Workspace API answers that asked deskops to slow down (429).")
          .Register(*registry);
  pm::Family<pm::Gauge>& jobs_in_flight = pm::BuildGauge()
                                              .Name("deskops_jobs_in_flight")
                                              .Help("Asynchronous jobs deskops is following.")
                                              .Register(*registry);
  pm::Family<pm::Gauge>& oldest_job = pm::BuildGauge()
                                          .Name("deskops_oldest_job_age_seconds")
                                          .Help("Age of the oldest job deskops is following.")
                                          .Register(*registry);
  pm::Family<pm::Histogram>& job_seconds =
      pm::BuildHistogram()
          .Name("deskops_job_duration_seconds")
          .Help("Job duration, by type (operation) and outcome.")
          .Register(*registry);
  pm::Family<pm::Counter>& load_errors = pm::BuildCounter()
                                             .Name("deskops_manifest_load_errors_total")
                                             .Help("Manifest loads refused because of errors.")
                                             .Register(*registry);
  pm::Family<pm::Gauge>& manifest_objects = pm::BuildGauge()
                                                .Name("deskops_manifest_objects")
                                                .Help("Objects declared in the manifests, by kind.")
                                                .Register(*registry);
  pm::Family<pm::Gauge>& leader =
      pm::BuildGauge()
          .Name("deskops_leader")
          .Help("1 when this instance holds the state directory lock and may act.")
          .Register(*registry);
  pm::Family<pm::Counter>& reloads = pm::BuildCounter()
                                         .Name("deskops_config_reloads_total")
                                         .Help("Configuration reloads (SIGHUP), by result.")
                                         .Register(*registry);
  pm::Family<pm::Gauge>& reload_ok =
      pm::BuildGauge()
          .Name("deskops_config_last_reload_successful")
          .Help("1 when the last configuration reload succeeded (or none happened).")
          .Register(*registry);
  pm::Family<pm::Gauge>& build_info = pm::BuildGauge()
                                          .Name("deskops_build_info")
                                          .Help("Version and revision of the running deskops.")
                                          .Register(*registry);
  pm::Family<pm::Gauge>& start_time = pm::BuildGauge()
                                          .Name("process_start_time_seconds")
                                          .Help("When the process started (Unix time).")
                                          .Register(*registry);

  // The process's own resource use, read at each scrape (process_stats.h).
  pm::Family<pm::Gauge>& resident = pm::BuildGauge()
                                        .Name("process_resident_memory_bytes")
                                        .Help("Resident memory size in bytes.")
                                        .Register(*registry);
  pm::Family<pm::Counter>& cpu = pm::BuildCounter()
                                     .Name("process_cpu_seconds_total")
                                     .Help("Total user and system CPU time spent in seconds.")
                                     .Register(*registry);
  pm::Family<pm::Gauge>& open_fds = pm::BuildGauge()
                                        .Name("process_open_fds")
                                        .Help("Number of open file descriptors.")
                                        .Register(*registry);
  pm::Family<pm::Gauge>& max_fds = pm::BuildGauge()
                                       .Name("process_max_fds")
                                       .Help("Maximum number of open file descriptors.")
                                       .Register(*registry);

  mutable std::mutex mu;  // guards the job table, the set of error codes and the process stats
  struct Job {
    std::string type;
    std::chrono::steady_clock::time_point started;
  };
  std::map<std::string, Job> jobs;
  std::set<std::string> error_codes;

  explicit Impl(const core::Clock& c) : clock(c) {}
};

Metrics::Metrics(const core::Clock& clock, const BuildInfo& build,
                 const std::vector<std::string>& kinds,
                 const std::vector<const cloud::Operation*>& operations)
    : impl_(std::make_unique<Impl>(clock)) {
  Impl& m = *impl_;
  m.kinds = kinds;
  for (const char* r : {"success", "failure"}) {
    m.runs.Add({{"result", r}});
    m.reloads.Add({{"result", r}});
  }
  m.run_seconds.Add({}, kReconcileBuckets);
  m.last_success.Add({});
  for (const auto& kind : kinds) {
    for (const char* cond : {"Ready", "Synced"}) {
      for (const char* st : {"True", "False", "Unknown"}) {
        m.objects.Add({{"kind", kind}, {"condition", cond}, {"status", st}});
      }
    }
    m.drift_detected.Add({{"kind", kind}});
    m.drift_corrected.Add({{"kind", kind}});
    m.manifest_objects.Add({{"kind", kind}});
    for (const auto& verb : AllVerbs()) {
      for (const char* result : {"succeeded", "failed", "skipped"}) {
        m.actions.Add({{"kind", kind}, {"verb", verb}, {"result", result}});
      }
    }
  }
  for (const auto& gate : Gates()) {
    m.held.Add({{"gate", gate}});
    m.held_until.Add({{"gate", gate}});
  }
  for (const char* r : {"delivered", "failed", "dropped"}) m.webhook.Add({{"result", r}});
  for (const cloud::Operation* op : operations) {
    const std::string id(op->id);
    m.retries.Add({{"operation", id}});
    m.throttled.Add({{"operation", id}});
  }
  m.jobs_in_flight.Add({});
  m.oldest_job.Add({});
  m.load_errors.Add({});
  m.leader.Add({});
  m.reload_ok.Add({}).Set(1);
  m.build_info.Add({{"version", build.version}, {"revision", build.revision}}).Set(1);
  m.start_time.Add({}).Set(Seconds(clock.Now()));
  m.resident.Add({});
  m.cpu.Add({});
  m.open_fds.Add({});
  m.max_fds.Add({});
}

Metrics::~Metrics() = default;

std::string Metrics::Render() const {
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.mu);
    const auto now = m.clock.Monotonic();
    double oldest = 0;
    for (const auto& [id, job] : m.jobs) {
      oldest = std::max(oldest, std::chrono::duration<double>(now - job.started).count());
    }
    m.jobs_in_flight.Add({}).Set(static_cast<double>(m.jobs.size()));
    m.oldest_job.Add({}).Set(oldest);
    if (auto p = ReadProcessStats(); p.ok()) {
      m.resident.Add({}).Set(p->resident_bytes);
      // A counter only goes up: it is given what the process used since the last scrape.
      pm::Counter& cpu = m.cpu.Add({});
      if (p->cpu_seconds > cpu.Value()) cpu.Increment(p->cpu_seconds - cpu.Value());
      m.open_fds.Add({}).Set(p->open_fds);
      m.max_fds.Add({}).Set(p->max_fds);
    }
  }
  return pm::TextSerializer().Serialize(m.registry->Collect());
}

void Metrics::ReconcileFinished(bool ok, std::chrono::duration<double> took) {
  impl_->runs.Add({{"result", ok ? "success" : "failure"}}).Increment();
  impl_->run_seconds.Add({}, kReconcileBuckets).Observe(took.count());
  if (ok) impl_->last_success.Add({}).Set(Seconds(impl_->clock.Now()));
}

void Metrics::SetObjects(const std::vector<ConditionCount>& counts) {
  std::lock_guard lock(impl_->mu);  // a scrape sees one pass's counts, not a mix
  for (const auto& kind : impl_->kinds) {
    for (const char* cond : {"Ready", "Synced"}) {
      for (const char* st : {"True", "False", "Unknown"}) {
        impl_->objects.Add({{"kind", kind}, {"condition", cond}, {"status", st}}).Set(0);
      }
    }
  }
  for (const auto& c : counts) {
    auto& g =
        impl_->objects.Add({{"kind", c.kind}, {"condition", c.condition}, {"status", c.status}});
    g.Increment(c.count);
  }
}

void Metrics::DriftDetected(const std::string& kind, int n) {
  if (n > 0) impl_->drift_detected.Add({{"kind", kind}}).Increment(n);
}

void Metrics::DriftCorrected(const std::string& kind, int n) {
  if (n > 0) impl_->drift_corrected.Add({{"kind", kind}}).Increment(n);
}

void Metrics::InitDriftFields(const std::map<std::string, std::vector<std::string>>& by_kind) {
  for (const auto& [kind, fields] : by_kind) {
    for (const auto& field : fields) impl_->drift_events.Add({{"kind", kind}, {"field", field}});
  }
}

void Metrics::DriftEvent(const std::string& kind, const std::string& field) {
  impl_->drift_events.Add({{"kind", kind}, {"field", field}}).Increment();
}

void Metrics::WebhookDelivery(std::string_view result) {
  impl_->webhook.Add({{"result", std::string(result)}}).Increment();
}

void Metrics::SetHeld(const std::map<std::string, int>& by_gate,
                      const std::map<std::string, double>& until_by_gate) {
  for (const auto& gate : Gates()) {
    auto it = by_gate.find(gate);
    impl_->held.Add({{"gate", gate}}).Set(it == by_gate.end() ? 0 : it->second);
    auto until = until_by_gate.find(gate);
    impl_->held_until.Add({{"gate", gate}}).Set(until == until_by_gate.end() ? 0 : until->second);
  }
  for (const auto& [gate, n] : by_gate) {
    if (std::find(Gates().begin(), Gates().end(), gate) == Gates().end()) {
      impl_->held.Add({{"gate", gate}}).Set(n);  // a gate this list does not know yet
    }
  }
}

void Metrics::ManifestLoadFailed() { impl_->load_errors.Add({}).Increment(); }

void Metrics::SetManifestObjects(const std::map<std::string, int>& by_kind) {
  for (const auto& kind : impl_->kinds) {
    auto it = by_kind.find(kind);
    impl_->manifest_objects.Add({{"kind", kind}}).Set(it == by_kind.end() ? 0 : it->second);
  }
}

void Metrics::SetLeader(bool leader) { impl_->leader.Add({}).Set(leader ? 1 : 0); }

void Metrics::ConfigReloaded(bool ok) {
  impl_->reloads.Add({{"result", ok ? "success" : "failure"}}).Increment();
  impl_->reload_ok.Add({}).Set(ok ? 1 : 0);
}

void Metrics::OnAttempt(const cloud::Operation& op, int http_status, std::string_view api_code,
                        std::chrono::nanoseconds latency) {
  std::string code = ErrorCodeLabel(api_code);
  if (!code.empty()) {
    std::lock_guard lock(impl_->mu);
    if (!impl_->error_codes.count(code)) {
      if (static_cast<int>(impl_->error_codes.size()) >= kMaxErrorCodes) {
        code = "other";
      } else {
        impl_->error_codes.insert(code);
      }
    }
  }
  const std::string id(op.id);
  impl_->requests
      .Add({{"operation", id}, {"code", std::to_string(http_status)}, {"error_code", code}})
      .Increment();
  impl_->latency.Add({{"operation", id}}, kApiBuckets)
      .Observe(std::chrono::duration<double>(latency).count());
}

void Metrics::OnRetry(const cloud::Operation& op, std::chrono::milliseconds) {
  impl_->retries.Add({{"operation", std::string(op.id)}}).Increment();
}

void Metrics::OnThrottled(const cloud::Operation& op, std::chrono::milliseconds) {
  impl_->throttled.Add({{"operation", std::string(op.id)}}).Increment();
}

void Metrics::OnJobStarted(const std::string& job_id, const std::string& type) {
  std::lock_guard lock(impl_->mu);
  impl_->jobs.emplace(job_id, Impl::Job{type, impl_->clock.Monotonic()});
}

void Metrics::OnJobEnded(const std::string& job_id, const std::string& type,
                         std::string_view outcome) {
  std::chrono::duration<double> took{0};
  {
    std::lock_guard lock(impl_->mu);
    auto it = impl_->jobs.find(job_id);
    if (it == impl_->jobs.end()) return;
    took = impl_->clock.Monotonic() - it->second.started;
    impl_->jobs.erase(it);
  }
  if (outcome == "abandoned") return;  // not an outcome of the job; the next run follows it
  impl_->job_seconds.Add({{"type", type}, {"outcome", std::string(outcome)}}, kJobBuckets)
      .Observe(took.count());
}

void Metrics::OnOutcome(const reconcilers::Action& action,
                        const reconcilers::ActionOutcome& outcome) {
  const char* result = outcome.ok ? "succeeded" : outcome.skipped ? "skipped" : "failed";
  impl_->actions
      .Add({{"kind", action.kind},
            {"verb", std::string(reconcilers::VerbName(action.verb))},
            {"result", result}})
      .Increment();
}

}  // namespace deskops::daemon
