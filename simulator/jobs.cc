#include "simulator/jobs.h"

#include <algorithm>
#include <charconv>

#include "core/strings.h"
#include "simulator/job_effects.h"

namespace deskops::simulator {
namespace {

std::string_view ModeName(Progression::Mode mode) {
  switch (mode) {
    case Progression::Mode::kSeconds:
      return "seconds";
    case Progression::Mode::kReads:
      return "reads";
    default:
      return "immediate";
  }
}

core::StatusOr<Progression> MakeProgression(std::string_view mode, std::int64_t value) {
  Progression p;
  if (mode == "immediate") return p;
  if (mode == "seconds")
    p.mode = Progression::Mode::kSeconds;
  else if (mode == "reads")
    p.mode = Progression::Mode::kReads;
  else
    return core::Status::InvalidArgument(
        core::StrCat("unknown job mode ", core::Quote(mode), " (immediate, seconds or reads)"));
  if (value < 0 || value > 86400) {
    return core::Status::InvalidArgument("job mode value must be between 0 and 86400");
  }
  p.value = value;
  return p;
}

}  // namespace

Progression ProgressionConfig::For(std::string_view job_type) const {
  auto it = per_type.find(job_type);
  return it == per_type.end() ? fallback : it->second;
}

nlohmann::json ProgressionToJson(const Progression& p) {
  nlohmann::json j = {{"mode", ModeName(p.mode)}};
  if (p.mode != Progression::Mode::kImmediate) j["value"] = p.value;
  return j;
}

core::StatusOr<Progression> ProgressionFromJson(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("mode") || !j["mode"].is_string()) {
    return core::Status::InvalidArgument("a progression is {\"mode\": ..., \"value\": N}");
  }
  std::int64_t value = 0;
  if (j.contains("value")) {
    if (!j["value"].is_number_integer()) {
      return core::Status::InvalidArgument("progression value must be an integer");
    }
    value = j["value"].get<std::int64_t>();
  }
  return MakeProgression(j["mode"].get<std::string>(), value);
}

core::StatusOr<Progression> ParseProgression(std::string_view text) {
  auto colon = text.find(':');
  std::int64_t value = 0;
  if (colon != std::string_view::npos) {
    std::string_view digits = text.substr(colon + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
      return core::Status::InvalidArgument(core::StrCat("bad job mode ", core::Quote(text)));
    }
  }
  return MakeProgression(text.substr(0, colon), value);
}

nlohmann::json ProgressionConfigToJson(const ProgressionConfig& c) {
  nlohmann::json types = nlohmann::json::object();
  for (const auto& [type, p] : c.per_type) types[type] = ProgressionToJson(p);
  return {{"default", ProgressionToJson(c.fallback)}, {"job_types", types}};
}

core::StatusOr<ProgressionConfig> ProgressionConfigFromJson(const nlohmann::json& j) {
  ProgressionConfig c;
  if (!j.is_object()) return core::Status::InvalidArgument("the body must be an object");
  if (j.contains("default")) {
    DESKOPS_ASSIGN_OR_RETURN(c.fallback, ProgressionFromJson(j["default"]));
  }
  if (j.contains("job_types")) {
    if (!j["job_types"].is_object()) {
      return core::Status::InvalidArgument("job_types must map job types to progressions");
    }
    for (const auto& [type, p] : j["job_types"].items()) {
      DESKOPS_ASSIGN_OR_RETURN(c.per_type[type], ProgressionFromJson(p));
    }
  }
  return c;
}

std::string_view JobPhaseName(JobPhase phase) {
  switch (phase) {
    case JobPhase::kWaiting:
      return "WAITING";
    case JobPhase::kRunning:
      return "RUNNING";
    case JobPhase::kSuccess:
      return "SUCCESS";
    default:
      return "FAILED";
  }
}

JobEngine::JobEngine(State& state, const core::Clock& clock) : state_(state), clock_(clock) {}

std::int64_t JobEngine::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
      .count();
}

Job* JobEngine::Start(JobSpec spec) {
  Job job;
  job.id = state_.NewUuid();
  job.job_type = std::move(spec.job_type);
  job.pool_id = std::move(spec.pool_id);
  job.created_ms = NowMs();
  job.progression = progression_.For(job.job_type);
  job.fail = spec.fail;
  job.fail_code = std::move(spec.fail_code);
  job.fail_reason = std::move(spec.fail_reason);
  job.subs = std::move(spec.subs);
  for (SubJob& sub : job.subs) sub.id = state_.NewUuid();
  job.effect = std::move(spec.effect);
  Job* stored = state_.jobs.Add(std::move(job));
  // The desktops and the pool are busy until the job ends: conflicting calls get 409.
  for (const SubJob& sub : stored->subs) {
    if (Desktop* d = state_.desktops.Find(sub.desktop_id)) d->job_id = stored->id;
  }
  if (Pool* pool = state_.pools.Find(stored->pool_id)) pool->job_id = stored->id;
  const Progression& p = stored->progression;
  bool immediate = p.mode == Progression::Mode::kImmediate ||
                   (p.mode == Progression::Mode::kSeconds && p.value == 0) ||
                   (p.mode == Progression::Mode::kReads && p.value == 0);
  if (immediate) {
    Complete(stored, stored->created_ms);
  } else if (p.mode == Progression::Mode::kSeconds) {
    due_.emplace(stored->created_ms + p.value * 1000, stored->id);
  }
  return stored;
}

void JobEngine::Tick() {
  std::int64_t now = NowMs();
  while (!due_.empty() && due_.begin()->first <= now) {
    auto [end_ms, id] = *due_.begin();
    due_.erase(due_.begin());
    if (Job* job = state_.jobs.Find(id); job && !job->done) Complete(job, end_ms);
  }
}

void JobEngine::Read(Job* job) {
  if (job->done || job->progression.mode != Progression::Mode::kReads) return;
  ++job->reads;
  if (job->reads >= job->progression.value) Complete(job, NowMs());
}

JobPhase JobEngine::Phase(const Job& job, int* process) const {
  int progress = 100;
  JobPhase phase = job.fail ? JobPhase::kFailed : JobPhase::kSuccess;
  if (!job.done) {
    const Progression& p = job.progression;
    if (p.mode == Progression::Mode::kSeconds) {
      std::int64_t total = std::max<std::int64_t>(1, p.value * 1000);
      std::int64_t elapsed = std::clamp<std::int64_t>(NowMs() - job.created_ms, 0, total - 1);
      progress = static_cast<int>(elapsed * 100 / total);
      phase = elapsed * 10 < total ? JobPhase::kWaiting : JobPhase::kRunning;
    } else {
      // reads mode: WAITING until the first read, then RUNNING until the last.
      std::int64_t n = std::max<std::int64_t>(1, p.value);
      progress = static_cast<int>(job.reads * 100 / n);
      phase = job.reads == 0 ? JobPhase::kWaiting : JobPhase::kRunning;
    }
    if (phase == JobPhase::kWaiting) progress = 0;
  }
  if (process) *process = progress;
  return phase;
}

void JobEngine::Reschedule() {
  due_.clear();
  for (Job* job : state_.jobs.All()) {
    if (!job->done && job->progression.mode == Progression::Mode::kSeconds) {
      due_.emplace(job->created_ms + job->progression.value * 1000, job->id);
    }
  }
}

void JobEngine::Complete(Job* job, std::int64_t end_ms) {
  if (job->fail) {
    for (SubJob& sub : job->subs) {
      sub.error_code = job->fail_code;
      sub.fail_reason = job->fail_reason;
    }
  }
  job->done = true;
  job->end_ms = end_ms;
  ApplyJobEffect(state_, *job, !job->fail, end_ms);
  for (const State::Extension& family : state_.extensions()) {
    family.state->JobEnded(*job, !job->fail);
  }
  for (const SubJob& sub : job->subs) {
    if (Desktop* d = state_.desktops.Find(sub.desktop_id); d && d->job_id == job->id) {
      d->job_id.clear();
    }
  }
  if (Pool* pool = state_.pools.Find(job->pool_id); pool && pool->job_id == job->id) {
    pool->job_id.clear();
  }
}

}  // namespace deskops::simulator
