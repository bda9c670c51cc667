// The one job waiter (WaitForJobs, AwaitJob) and the one step runner (RunInOrder) every kind uses:
// a stop while waiting leaves the job to the next run, the job timeout is a failure, and one
// object's steps stop after a failure or a stop.
#include "reconcilers/engine/steps.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../cloud/fake_api.h"

namespace deskops::reconcilers {
namespace {

using ::testing::HasSubstr;

class StepsTest : public ::testing::Test {
 protected:
  StepsTest() { options_.job_timeout = std::chrono::seconds(60); }
  // A job that reports RUNNING forever, counting the polls.
  void Running(const std::string& job) {
    api_.api->On("GET", "/v2/p1/workspace-jobs/" + job, [this](const cloud::HttpRequest&) {
      ++polls_;
      return cloud::HttpResponse{200, {}, R"({"status":"RUNNING"})"};
    });
  }
  // A call that started `job`, with its intent in the ledger, as CallOnce returns it.
  ActionResult Started(const Action& a, const std::string& job) {
    return CallJob(ctx_, cloud::ops::kCreateDesktops, a,
                   [&]() -> core::StatusOr<std::string> { return job; });
  }

  cloud::testing::FakeClient api_;
  Inventory inventory_;
  std::unique_ptr<Ledger> ledger_ = std::move(*Ledger::Open("", api_.clock));
  LiveIndex index_;
  EngineOptions options_;
  core::Logger log_{nullptr, {}};
  std::atomic<bool> stop_{false};
  int polls_ = 0;
  ExecContext ctx_{*api_.client, inventory_, *ledger_, index_, api_.clock,
                   log_,         options_,   nullptr,  &stop_};
};

Action Step(std::string name, Verb verb = Verb::kUpdate) {
  Action a;
  a.kind = "UserGroup";
  a.name = std::move(name);
  a.verb = verb;
  return a;
}

// The one choke point of mutating calls asks "may I act?" before the intent and again right before
// the send: a process that no longer leads sends nothing and records no call as made.
TEST_F(StepsTest, CallOnceSendsNothingWhenItMayNotAct) {
  struct Case {
    const char* name;
    int allowed;  // how many "may I act?" answers are yes before the first no
    std::size_t open_intents;
  };
  const Case cases[] = {
      {"refused before the intent", 0, 0},
      {"refused between the intent and the send", 1, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    int asked = 0;
    const std::function<core::Status()> may_act = [&] {
      return asked++ < c.allowed ? core::Status::Ok()
                                 : core::Status::FailedPrecondition("leadership lost");
    };
    ctx_.may_act = &may_act;
    bool sent = false;
    const Action a = Step("g1", Verb::kCreate);
    ActionResult r =
        CallJob(ctx_, cloud::ops::kCreateDesktops, a, [&]() -> core::StatusOr<std::string> {
          sent = true;
          return std::string("job");
        });
    EXPECT_FALSE(sent);
    EXPECT_EQ(r.status.code(), core::StatusCode::kCancelled) << "neither done nor failed";
    EXPECT_THAT(std::string(r.status.message()), HasSubstr("not started: leadership lost"));
    EXPECT_EQ(ledger_->Unfinished().size(), c.open_intents);
  }
  const std::function<core::Status()> yes = [] { return core::Status::Ok(); };
  ctx_.may_act = &yes;
  bool sent = false;
  const Action a = Step("g2", Verb::kCreate);
  CallJob(ctx_, cloud::ops::kCreateDesktops, a, [&]() -> core::StatusOr<std::string> {
    sent = true;
    return std::string();
  });
  EXPECT_TRUE(sent);
}

TEST_F(StepsTest, WaitForJobsEndsEveryJob) {
  api_.api->On("GET", "/v2/p1/workspace-jobs/ok", 200,
               R"({"status":"SUCCESS","sub_jobs":[{"status":"SUCCESS",)"
               R"("entities":{"desktop_id":"d-1"}}]})");
  api_.api->On("GET", "/v2/p1/workspace-jobs/bad", 200,
               R"({"status":"FAILED","fail_reason":"quota"})");
  api_.api->On("GET", "/v2/p1/workspace-jobs/lost", 404, R"({"error_code":"WKS.0404"})");
  Running("slow");
  const auto start = api_.clock.Monotonic();
  auto ends = WaitForJobs(ctx_, {{"ok", &cloud::ops::kCreateDesktops},
                                 {"bad", &cloud::ops::kCreateDesktops},
                                 {"lost", &cloud::ops::kCreateDesktops},
                                 {"slow", &cloud::ops::kCreateDesktops}});
  ASSERT_EQ(ends.size(), 4u);
  EXPECT_TRUE(ends["ok"].ok());
  EXPECT_EQ(ends["ok"].outcome.desktop_ids, std::vector<std::string>{"d-1"});
  EXPECT_EQ(ends["bad"].why, JobEnd::Why::kEnded);
  EXPECT_FALSE(ends["bad"].ok());
  EXPECT_EQ(ends["lost"].why, JobEnd::Why::kUnreadable);
  EXPECT_EQ(ends["slow"].why, JobEnd::Why::kTimedOut) << "the job timeout is a failure";
  EXPECT_FALSE(ends["slow"].ok());
  EXPECT_THAT(ends["slow"].outcome.Describe(), HasSubstr("timed out waiting for the job"));
  EXPECT_LE(api_.clock.Monotonic() - start, options_.job_timeout) << "never past the timeout";
  EXPECT_GT(polls_, 3) << "polled until the timeout";
  EXPECT_LT(polls_, 20) << "backing off from 1 s to 10 s";
}

TEST_F(StepsTest, WaitForJobsStopsWhenDeskopsStops) {
  api_.api->On("GET", "/v2/p1/workspace-jobs/j", [this](const cloud::HttpRequest&) {
    ++polls_;
    stop_ = true;  // SIGTERM arrives while the job runs
    return cloud::HttpResponse{200, {}, R"({"status":"RUNNING"})"};
  });
  const auto start = api_.clock.Monotonic();
  auto ends = WaitForJobs(ctx_, {{"j", &cloud::ops::kCreateDesktops}});
  EXPECT_EQ(ends["j"].why, JobEnd::Why::kStopped);
  EXPECT_EQ(polls_, 1) << "no poll after the stop";
  EXPECT_LT(api_.clock.Monotonic() - start, std::chrono::seconds(1)) << "no waiting either";
}

TEST_F(StepsTest, AwaitJob) {
  struct Case {
    std::string name;
    std::string job_body;  // "" : RUNNING forever
    bool stop;
    core::StatusCode want_code;
    std::string want_message;
    std::size_t want_open;  // intents left in the ledger
  };
  const Case cases[] = {
      {"success closes the intent", R"({"status":"SUCCESS"})", false, core::StatusCode::kOk, "", 0},
      {"a failed job fails the step", R"({"status":"FAILED","fail_reason":"quota"})", false,
       core::StatusCode::kAborted, "desktops.create job j failed: job: quota", 0},
      {"the job timeout fails the step and closes the intent", "", false,
       core::StatusCode::kAborted, "timed out waiting for the job", 0},
      {"a stop cancels and leaves the job to the next run", "", true, core::StatusCode::kCancelled,
       "the next run follows it", 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::size_t open_before = ledger_->Unfinished().size();
    stop_ = false;
    if (c.job_body.empty()) {
      api_.api->On("GET", "/v2/p1/workspace-jobs/j", [&](const cloud::HttpRequest&) {
        if (c.stop) stop_ = true;
        return cloud::HttpResponse{200, {}, R"({"status":"RUNNING"})"};
      });
    } else {
      api_.api->On("GET", "/v2/p1/workspace-jobs/j", 200, c.job_body);
    }
    Action a = Step("g", Verb::kCreate);
    ActionResult r = AwaitJob(ctx_, Started(a, "j"));
    EXPECT_EQ(r.status.code(), c.want_code) << r.status.ToString();
    EXPECT_THAT(std::string(r.status.message()), HasSubstr(c.want_message));
    EXPECT_EQ(ledger_->Unfinished().size() - open_before, c.want_open);
    if (c.want_code != core::StatusCode::kCancelled) {
      EXPECT_TRUE(r.job_id.empty()) << "nothing left for the engine to follow";
    }
  }
}

TEST_F(StepsTest, RunInOrder) {
  // Each step's script: "ok", "fail", "job:<body>" (a job that ends with that body), "stop" (the
  // step succeeds, and deskops stops while it runs), "last-job" (a job left running).
  struct Case {
    std::string name;
    std::vector<std::string> script;
    std::vector<std::string> want_ran;
    std::vector<std::string> want;  // per step: "ok", "job", or the error's code and message
  };
  const std::string not_attempted = "not attempted: the update of UserGroup/g before it failed";
  const Case cases[] = {
      {"every step runs in order", {"ok", "ok", "ok"}, {"0", "1", "2"}, {"ok", "ok", "ok"}},
      {"a failure stops the rest",
       {"ok", "fail", "ok"},
       {"0", "1"},
       {"ok", "INVALID_ARGUMENT: refused", "ABORTED: " + not_attempted}},
      {"a failed job stops the rest",
       {"job:{\"status\":\"FAILED\"}", "ok"},
       {"0"},
       {"ABORTED: desktops.create job j0 failed: job: no reason given",
        "ABORTED: " + not_attempted}},
      {"a job ends before the next step",
       {"job:{\"status\":\"SUCCESS\"}", "ok"},
       {"0", "1"},
       {"ok", "ok"}},
      {"a stop is honoured",
       {"stop", "ok", "ok"},
       {"0"},
       {"ok", "CANCELLED: not started: deskops is stopping",
        "CANCELLED: not started: deskops is stopping"}},
      {"the last step's job is left to the engine", {"ok", "last-job"}, {"0", "1"}, {"ok", "job"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    stop_ = false;
    std::vector<Action> steps;
    for (std::size_t i = 0; i < c.script.size(); ++i) {
      steps.push_back(Step("g"));
      steps.back().note = std::to_string(i);
      const std::string& s = c.script[i];
      if (s.rfind("job:", 0) == 0) {
        api_.api->On("GET", "/v2/p1/workspace-jobs/j" + std::to_string(i), 200, s.substr(4));
      }
    }
    std::vector<const Action*> batch;
    for (const Action& a : steps) batch.push_back(&a);
    std::vector<std::string> ran, after;
    auto results = RunInOrder(
        ctx_, batch,
        [&](const Action& a) -> ActionResult {
          ran.push_back(a.note);
          const std::string& s = c.script[std::stoul(a.note)];
          if (s == "fail") return {core::Status::InvalidArgument("refused")};
          if (s == "stop") stop_ = true;
          if (s.rfind("job:", 0) == 0 || s == "last-job") return Started(a, "j" + a.note);
          return {};
        },
        [&](const Action& a, ActionResult& r, const std::vector<std::string>&) {
          EXPECT_TRUE(r.job_id.empty()) << "`after` sees steps that ended";
          after.push_back(a.note);
        });
    EXPECT_EQ(ran, c.want_ran);
    std::vector<std::string> got;
    for (const ActionResult& r : results) {
      got.push_back(!r.job_id.empty() ? "job" : r.status.ok() ? "ok" : r.status.ToString());
    }
    EXPECT_EQ(got, c.want);
    std::vector<std::string> want_after = c.want_ran;
    if (c.script.back() == "last-job") want_after.pop_back();
    EXPECT_EQ(after, want_after);
  }
}

TEST_F(StepsTest, RunInOrderGivesTheNextStepWhatTheJobReported) {
  api_.api->On("GET", "/v2/p1/workspace-jobs/j0", 200,
               R"({"status":"SUCCESS","sub_jobs":[{"status":"SUCCESS",)"
               R"("entities":{"desktop_id":"d-7"}}]})");
  Action first = Step("g", Verb::kCreate), second = Step("g");
  std::vector<std::string> reported;
  RunInOrder(
      ctx_, {&first, &second},
      [&](const Action& a) -> ActionResult {
        return &a == &first ? Started(a, "j0") : ActionResult{};
      },
      [&](const Action& a, ActionResult&, const std::vector<std::string>& ids) {
        if (&a == &first) reported = ids;
      });
  EXPECT_EQ(reported, std::vector<std::string>{"d-7"});
}

}  // namespace
}  // namespace deskops::reconcilers
