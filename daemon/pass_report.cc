#include "daemon/pass_report.h"

#include "core/strings.h"

namespace deskops::daemon {

using core::StrCat;
using reconcilers::ObjectKey;

namespace {

PassFacts Facts(const PassInput& in) {
  PassFacts f;
  f.kinds = in.kinds;
  f.plan = in.plan;
  f.report = in.report;
  for (const auto& o : in.manifests->objects()) {
    const std::string kind(o.kind->name);
    if (in.kinds.count(kind)) f.declared.emplace_back(kind, o.meta.name);
  }
  for (const auto& o : in.engine->inventory().All()) {
    if (in.kinds.count(o.kind)) f.owned.emplace_back(o.kind, o.name);
  }
  for (const auto& kind : in.kinds) {
    for (const auto& ref : in.engine->index().OfKind(kind)) {
      f.live[ObjectKey(ref.kind, ref.name)] = {ref.id, ref.Attr(reconcilers::kNotReadyAttr)};
    }
  }
  f.unfinished = in.engine->Unfinished();
  return f;
}

void Tally(const PassInput& in, PassOutcome& out) {
  const auto& plan = *in.plan;
  out.runnable = plan.Runnable();
  out.held = plan.Held();
  out.errors = plan.errors.size();
  out.in_sync = plan.in_sync;
  out.waiting = plan.Waiting();
  std::set<std::string> drifted;
  for (const auto& a : plan.actions) {
    if (a.held()) ++out.held_by_gate[std::string(reconcilers::GateName(a.held_by))];
    if (a.held() && a.held_until) {
      const double at = static_cast<double>(a.held_until->time_since_epoch().count());
      auto [it, fresh] =
          out.held_until_by_gate.emplace(std::string(reconcilers::GateName(a.held_by)), at);
      if (!fresh && at < it->second) it->second = at;
    }
    if (a.verb != reconcilers::Verb::kAdopt && drifted.insert(ObjectKey(a.kind, a.name)).second) {
      ++out.drifted[a.kind];
    }
  }
  // Runnable actions without a success or a failure: skipped, or never reached.
  const std::size_t ran = in.report ? in.report->Succeeded() + in.report->Failed() : 0;
  out.not_applied = out.runnable > ran ? out.runnable - ran : 0;
  if (!in.report) return;
  std::map<std::string, bool> all_ok;  // by object
  for (const auto& o : in.report->outcomes) {
    auto [it, fresh] = all_ok.emplace(o.key, o.ok);
    if (!fresh) it->second = it->second && o.ok;
    if (!o.ok && !o.skipped) out.failures[o.key] = o.error;
  }
  for (const auto& [key, ok] : all_ok) {
    if (ok && drifted.count(key)) ++out.corrected[key.substr(0, key.find('/'))];
  }
  out.changed = in.report->Succeeded() > 0;
}

}  // namespace

PassOutcome DigestPass(const PassInput& in, const std::map<std::string, ObjectStatus>& previous,
                       std::chrono::system_clock::time_point now) {
  PassOutcome out;
  if (!in.failure.empty() || !in.plan) {
    out.objects = previous;
    out.summary = in.failure.empty() ? "no plan" : in.failure;
    out.log_fields = {{"error", out.summary}};
    return out;
  }
  Tally(in, out);
  out.objects = ComputeStatuses(Facts(in), previous, now);
  const std::size_t failed = in.report ? in.report->Failed() : 0;
  const std::size_t succeeded = in.report ? in.report->Succeeded() : 0;
  out.ok = out.errors == 0 && failed == 0 && out.not_applied == 0;
  // Cut short by a stop and nothing else wrong; a failure stays a failure.
  out.stopped = in.stopping && out.not_applied > 0 && failed == 0 && out.errors == 0;
  out.summary = StrCat(succeeded, " changed, ", failed, " failed, ", out.held, " held, ",
                       out.errors, " plan errors, ", out.in_sync, " in sync");
  if (out.not_applied > 0) {
    out.summary +=
        StrCat(", ", out.not_applied, " not applied", out.stopped ? " (deskops is stopping)" : "");
  }
  out.log_fields = {{"kinds", core::Join({in.kinds.begin(), in.kinds.end()}, ",")},
                    {"changed", succeeded},
                    {"failed", failed},
                    {"held", out.held},
                    {"plan_errors", out.errors},
                    {"not_applied", out.not_applied},
                    {"in_sync", out.in_sync}};
  if (in.plan && !in.plan->errors.empty()) {
    const auto& e = in.plan->errors.front();
    out.log_fields.push_back({"first_error", StrCat(e.kind, "/", e.name, ": ", e.message)});
  }
  return out;
}

void RecordPassMetrics(Metrics& metrics, const PassInput& in, const PassOutcome& out) {
  if (in.manifests) {
    std::map<std::string, int> declared;
    for (const auto& o : in.manifests->objects()) ++declared[std::string(o.kind->name)];
    metrics.SetManifestObjects(declared);
  }
  if (!in.plan) return;
  std::map<std::tuple<std::string, std::string, std::string>, int> conditions;
  for (const auto& [key, st] : out.objects) {
    ++conditions[{st.kind, "Ready", st.ready.status}];
    ++conditions[{st.kind, "Synced", st.synced.status}];
  }
  std::vector<ConditionCount> counts;
  for (const auto& [k, n] : conditions)
    counts.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), n});
  metrics.SetObjects(counts);
  metrics.SetHeld(out.held_by_gate, out.held_until_by_gate);
  for (const auto& [kind, n] : out.drifted) metrics.DriftDetected(kind, n);
  for (const auto& [kind, n] : out.corrected) metrics.DriftCorrected(kind, n);
}

}  // namespace deskops::daemon
