#include "daemon/engine_commands.h"

#include <atomic>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "core/files.h"
#include "core/redact.h"
#include "core/strings.h"
#include "daemon/apply_result.h"
#include "daemon/cli.h"
#include "daemon/connection.h"
#include "daemon/logging.h"
#include "daemon/plan_markdown.h"
#include "daemon/progress/progress.h"
#include "daemon/state_backend.h"
#include "reconcilers/engine/engine.h"
#include "reconcilers/registry.h"
#include "specs/loader.h"

namespace deskops::daemon {
namespace {

using core::StrCat;

// Counts API calls for the summary ("12 API calls, 3 mutating").
struct CallCounter : cloud::CallObserver {
  std::atomic<std::size_t> calls{0}, mutating{0}, retries{0};
  void OnAttempt(const cloud::Operation& op, int, std::string_view,
                 std::chrono::nanoseconds) override {
    ++calls;
    mutating += op.mutating();
  }
  void OnRetry(const cloud::Operation&, std::chrono::milliseconds) override { ++retries; }
  void OnThrottled(const cloud::Operation&, std::chrono::milliseconds) override {}
};

// Everything a command needs once it has loaded and connected.
struct Session {
  // Where the state is, and apply's hold on it (the daemon's lock, or leadership in etcd): one
  // writer at a time. plan and export only read it.
  std::unique_ptr<StateBackend> state;
  std::atomic<bool> lost{false};  // apply: leadership was lost (etcd); stop at once
  std::string lost_why;           // set before `lost`
  specs::LoadResult manifests;
  // apply's progress (its log lines go through the progress line's sink).
  std::unique_ptr<ApplyProgress> progress;
  std::unique_ptr<core::Logger> log;
  std::unique_ptr<cloud::ApiClient> client;
  CallCounter counter;
  reconcilers::ReconcilerList kinds = reconcilers::MakeReconcilers();
  std::unique_ptr<reconcilers::Engine> engine;

  // apply steps down when it ends, so that a standby daemon takes over at once.
  ~Session() {
    if (state) state->Resign();
  }
  // Why apply stopped early, when it lost its leadership (etcd).
  std::optional<core::Status> Lost() const {
    if (!lost) return std::nullopt;
    return core::Status::Aborted(
        StrCat("stopped at once: this process no longer leads (", lost_why,
               "). Nothing is lost: the calls in flight are in the ledger, and the leader settles "
               "them"));
  }
};

std::string Redacted(std::string_view text) { return core::SecretRegistry::Global().Redact(text); }

int Fail(std::ostream& err, std::string_view command, const core::Status& s) {
  err << "deskops " << command << ": " << Redacted(s.message()) << "\n";
  return kExitFailure;
}

// Loads and validates the manifests (printing every problem) and connects.
std::unique_ptr<Session> Open(const EngineCommandOptions& options, std::string_view command,
                              bool need_manifests, std::ostream& err) {
  const Config& o = options.config;
  auto s = std::make_unique<Session>();
  auto log_options = StderrLogOptions(o.log_format, o.log_level);
  if (!log_options.ok()) {
    Fail(err, command, log_options.status());
    return nullptr;
  }
  std::shared_ptr<core::LogSink> sink = std::make_shared<core::FdSink>(2);
  if (command == "apply") {
    s->progress = std::make_unique<ApplyProgress>(
        ApplyProgress::Options{.mode = ApplyProgress::ModeFor(2), .fd = 2});
    sink = s->progress->sink();
  }
  s->log = std::make_unique<core::Logger>(sink, *log_options);
  if (s->progress) s->progress->set_logger(s->log.get());
  if (need_manifests) {
    specs::LoadOptions lo;
    lo.strict_references = o.strict_references;
    s->manifests = specs::LoadManifests(o.manifests, lo);
    for (const auto& d : s->manifests.diagnostics.items()) err << Redacted(d.ToString()) << "\n";
    if (!s->manifests.ok()) {
      err << "deskops " << command << ": the manifests have "
          << s->manifests.diagnostics.ErrorCount() << " error(s); nothing was planned or changed\n";
      return nullptr;
    }
  }
  auto state = StateBackend::Open(o);
  if (!state.ok()) {
    Fail(err, command, state.status());
    return nullptr;
  }
  s->state = std::move(*state);
  const bool writes = command == "apply";
  if (writes && (s->state->etcd() || !o.state_dir.empty())) {
    // Two writers of one state would each take the other's calls in flight for an earlier run's,
    // and race on the inventory: apply runs only while no other deskops does (with etcd: while it
    // leads; it does not wait for a running daemon to step down).
    auto held = s->state->TryLead();
    if (!held.ok()) {
      Fail(err, command, held.status());
      return nullptr;
    }
    if (!*held) {
      Fail(err, command,
           core::Status::FailedPrecondition(StrCat(
               "another deskops (", s->state->Leader(), ") is using the ", s->state->Describe(),
               "; nothing was planned or changed. Let it finish, or stop it")));
      return nullptr;
    }
    Session* raw = s.get();
    s->state->OnLost([raw](const std::string& why) {
      raw->lost_why = why;
      raw->lost = true;
    });
  }
  SendGuard guard;
  if (writes && s->state->etcd()) guard = [state = s->state.get()] { return state->MayAct(); };
  auto client = MakeClient(o.connection, *s->log, guard);
  if (!client.ok()) {
    Fail(err, command, client.status());
    return nullptr;
  }
  s->client = std::move(*client);
  s->client->set_observer(&s->counter);
  s->engine = std::make_unique<reconcilers::Engine>(s->kinds, *s->client, core::SystemClock(),
                                                    *s->log, o.engine, o.state_dir);
  if (!writes) {
    s->engine->set_state_store(s->state->ReadOnlyStore());
  } else if (s->state->etcd() || !o.state_dir.empty()) {
    s->engine->set_state_store(s->state->Store());
    s->engine->set_may_act([state = s->state.get()] { return state->MayAct(); });
    s->engine->set_stop(&s->lost);
  }
  if (auto st = s->engine->Open(); !st.ok()) {
    Fail(err, command, st);
    return nullptr;
  }
  return s;
}

ApiCallCounts Counts(const CallCounter& c) { return {c.calls, c.mutating, c.retries}; }

// A stream that drops what it is given: apply's text when the output is JSON.
struct NullStream : std::ostream {
  NullStream() : std::ostream(nullptr) {}
};

std::string CallSummary(const CallCounter& c) {
  return StrCat(c.calls.load(), " API calls (", c.mutating.load(), " mutating, ", c.retries.load(),
                " retries)");
}

}  // namespace

int RunPlan(const EngineCommandOptions& o, std::ostream& out, std::ostream& err) {
  auto s = Open(o, "plan", true, err);
  if (!s) return kExitFailure;
  auto plan = s->engine->MakePlan(s->manifests.manifests, s->manifests.digest);
  if (!plan.ok()) return Fail(err, "plan", plan.status());
  const std::string json = reconcilers::RenderJson(*plan);
  if (!o.save_plan.empty()) {
    if (auto st = core::WriteFileAtomically(o.save_plan, Redacted(json)); !st.ok()) {
      return Fail(err, "plan", st);
    }
  }
  if (o.output == "json") {
    out << Redacted(json + "\n");
  } else if (o.output == "markdown") {
    out << Redacted(RenderMarkdown(*plan));
  } else {
    out << Redacted(reconcilers::RenderText(*plan, {.legend = true, .color = UseColor(1)}));
  }
  s->log->Debug("plan done", {{"api_calls", static_cast<long long>(s->counter.calls.load())}});
  if (!plan->errors.empty()) return kExitFailure;
  return plan->HasChanges() ? kExitChanges : kExitOk;
}

int RunApply(const EngineCommandOptions& o, std::ostream& out, std::ostream& err) {
  auto s = Open(o, "apply", true, err);
  if (!s) return kExitFailure;
  // With -o json the text goes nowhere and one JSON result ends the run on stdout.
  const bool json = o.output == "json";
  NullStream null;
  std::ostream& text = json ? null : out;
  ApplyResult result;
  std::optional<reconcilers::Plan> last;
  auto finish = [&](ApplyEnd end, int code, const std::string& message) {
    text << message;
    if (json) {
      const std::string line = !message.empty() && message.back() == '\n'
                                   ? message.substr(0, message.size() - 1)
                                   : message;
      out << result.Render(end, code, line, last ? &*last : nullptr, Counts(s->counter));
    }
    return code;
  };
  std::string saved_fingerprint;
  if (!o.plan_file.empty()) {
    auto file = core::ReadFile(o.plan_file);
    if (!file.ok()) return Fail(err, "apply", file.status());
    saved_fingerprint = reconcilers::FingerprintOfSavedPlan(*file);
    if (saved_fingerprint.empty()) {
      return Fail(err, "apply",
                  core::Status::InvalidArgument(
                      StrCat(o.plan_file, " is not a plan saved by deskops plan")));
    }
  }
  const int rounds = o.plan_file.empty() ? std::max(1, o.max_rounds) : 1;
  bool errors = false;
  const auto& clock = core::SystemClock();
  const auto wait_deadline = clock.Monotonic() + std::chrono::seconds(o.wait_seconds);
  auto pause = std::chrono::milliseconds(1000);
  for (int round = 1; round <= rounds;) {
    auto plan = s->engine->MakePlan(s->manifests.manifests, s->manifests.digest);
    if (auto lost = s->Lost()) return Fail(err, "apply", *lost);
    if (!plan.ok()) return Fail(err, "apply", plan.status());
    last = *plan;
    if (!saved_fingerprint.empty() && reconcilers::Fingerprint(*plan) != saved_fingerprint) {
      err << Redacted(reconcilers::RenderText(*plan));
      Fail(err, "apply",
           core::Status::FailedPrecondition(
               "the manifests or the tenant changed since the plan was saved; nothing was "
               "applied. Run deskops plan again"));
      return finish(ApplyEnd::kStale, kExitFailure, "");
    }
    errors = errors || !plan->errors.empty();
    if (plan->Runnable() == 0 && plan->Waiting() > 0 && o.plan_file.empty() &&
        clock.Monotonic() + pause < wait_deadline) {
      // Tasks in progress (busy desktops, creates in flight, sequenced steps): wait and look again.
      s->log->Info("waiting for tasks in progress",
                   {{"waiting", static_cast<long long>(plan->Waiting())}});
      clock.SleepFor(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(15'000));
      continue;
    }
    if (plan->Runnable() == 0) {
      text << Redacted(reconcilers::RenderText(*plan, {.legend = false, .color = UseColor(1)}));
      // Converged only when every declared object exists and matches: no errors, and nothing a
      // gate holds back (held deletions of objects that left the manifests aside).
      if (!plan->errors.empty() || plan->HeldDeclared() > 0) {
        const bool failed = !plan->errors.empty() || errors;
        return finish(failed ? ApplyEnd::kFailed : ApplyEnd::kNotConverged,
                      failed ? kExitFailure : kExitChanges,
                      StrCat("Not converged: ", plan->errors.size(), " error(s), ",
                             plan->HeldDeclared(), " change(s) held by a gate (see above); ",
                             plan->in_sync, " objects in sync; ", CallSummary(s->counter), ".\n"));
      }
      return finish(errors ? ApplyEnd::kFailed : ApplyEnd::kConverged,
                    errors ? kExitFailure : kExitOk,
                    StrCat("Converged: ", plan->in_sync, " objects in sync; ",
                           CallSummary(s->counter), ".\n"));
    }
    text << Redacted(reconcilers::RenderText(*plan, {.legend = round == 1, .color = UseColor(1)}));
    s->engine->set_observer(s->progress.get());
    s->progress->StartRound(plan->Runnable());
    reconcilers::ApplyReport report = s->engine->Apply(*plan);
    s->progress->EndRound();
    result.Round(round, *plan, report);
    text << "Apply (round " << round << "): " << report.Summary() << ".\n";
    if (auto lost = s->Lost()) return Fail(err, "apply", *lost);
    for (const auto& outcome : report.outcomes) {
      if (!outcome.ok)
        text << "  failed: " << outcome.key << " " << outcome.verb << ": "
             << Redacted(outcome.error) << "\n";
    }
    if (!report.ok()) {
      return finish(
          ApplyEnd::kFailed, kExitFailure,
          StrCat("Stopped after failures; ", CallSummary(s->counter), ". A later run retries.\n"));
    }
    if (!o.plan_file.empty()) {
      return finish(errors ? ApplyEnd::kFailed : ApplyEnd::kAppliedPlan,
                    errors ? kExitFailure : kExitOk,
                    StrCat("Applied the saved plan; ", CallSummary(s->counter), ".\n"));
    }
    ++round;
    pause = std::chrono::milliseconds(1000);
  }
  return finish(
      ApplyEnd::kGaveUp, kExitFailure,
      StrCat("Not converged after ", rounds, " rounds; ", CallSummary(s->counter), ".\n"));
}

int RunExport(const EngineCommandOptions& o, std::ostream& out, std::ostream& err) {
  auto s = Open(o, "export", false, err);
  if (!s) return kExitFailure;
  auto text = s->engine->Export(o.owned_only);
  if (!text.ok()) return Fail(err, "export", text.status());
  if (o.export_out.empty()) {
    out << *text;
  } else if (auto st = core::WriteFileAtomically(o.export_out, *text); !st.ok()) {
    return Fail(err, "export", st);
  }
  return kExitOk;
}

}  // namespace deskops::daemon
