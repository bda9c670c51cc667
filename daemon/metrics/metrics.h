#pragma once
// The daemon's Prometheus metrics (prometheus-cpp registry, text exposition format). Named by the
// conventions: deskops_ prefix, base units, _total counters, _seconds histograms; label values come
// only from bounded sets (kinds, verbs, gates, operation IDs, HTTP statuses, API error codes, the
// kinds' top-level spec fields) and label sets of those sets are pre-initialised to 0, so rate()
// and increase() see the first event.
// Thread-safe. Never sees a secret: it records only names of things, counts and durations.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "core/clock.h"
#include "reconcilers/engine/observer.h"

namespace deskops::daemon {

struct BuildInfo {
  std::string version, revision;
};

// How many managed objects of a kind have a condition (Ready, Synced) with a status (True, False,
// Unknown).
struct ConditionCount {
  std::string kind, condition, status;
  int count = 0;
};

class Metrics final : public cloud::CallObserver, public reconcilers::EngineObserver {
 public:
  // `kinds` and `operations` (every kind's and the shared ones: reconcilers::AllOperations) are
  // the label values whose series start at 0.
  Metrics(const core::Clock& clock, const BuildInfo& build, const std::vector<std::string>& kinds,
          const std::vector<const cloud::Operation*>& operations);
  ~Metrics() override;

  // The exposition text for GET /metrics.
  std::string Render() const;

  // One reconcile pass ended (a failed pass: observe failed, or an action failed).
  void ReconcileFinished(bool ok, std::chrono::duration<double> took);
  // The current object conditions; kinds and conditions missing from `counts` read 0.
  void SetObjects(const std::vector<ConditionCount>& counts);
  void DriftDetected(const std::string& kind, int n);
  void DriftCorrected(const std::string& kind, int n);
  // The field labels of each kind (drift_events.h FieldLabels), whose drift series start at 0.
  void InitDriftFields(const std::map<std::string, std::vector<std::string>>& by_kind);
  // One drifted field (drift_events.h); `field` is its bounded label (FieldLabel).
  void DriftEvent(const std::string& kind, const std::string& field);
  // A drift webhook payload's end: "delivered", "failed" or "dropped".
  void WebhookDelivery(std::string_view result);
  // Held actions of the last plan, by gate; gates missing from the map read 0.
  // Held actions by gate, and for gates that know it the earliest time one goes ahead (Unix
  // seconds; a gate without an entry reads 0).
  void SetHeld(const std::map<std::string, int>& by_gate,
               const std::map<std::string, double>& until_by_gate = {});
  void ManifestLoadFailed();
  void SetManifestObjects(const std::map<std::string, int>& by_kind);
  void SetLeader(bool leader);
  void ConfigReloaded(bool ok);

  // cloud::CallObserver
  void OnAttempt(const cloud::Operation& op, int http_status, std::string_view api_code,
                 std::chrono::nanoseconds latency) override;
  void OnRetry(const cloud::Operation& op, std::chrono::milliseconds delay) override;
  void OnThrottled(const cloud::Operation& op, std::chrono::milliseconds pause) override;

  // reconcilers::EngineObserver
  void OnJobStarted(const std::string& job_id, const std::string& type) override;
  void OnJobEnded(const std::string& job_id, const std::string& type,
                  std::string_view outcome) override;
  void OnOutcome(const reconcilers::Action& action,
                 const reconcilers::ActionOutcome& outcome) override;

  // The gates a held action may name (for pre-initialising and for dashboards).
  static const std::vector<std::string>& Gates();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// An API error code as a label value: codes look like "WKS.0001" or "APIGW.0308"; anything else
// becomes "other" (and Metrics caps the number of distinct codes), so a misbehaving server cannot
// blow up the series.
std::string ErrorCodeLabel(std::string_view code);

}  // namespace deskops::daemon
