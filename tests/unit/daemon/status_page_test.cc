#include "daemon/status/status_page.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace deskops::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Time = std::chrono::system_clock::time_point;
using std::chrono::seconds;

const Time kNow = Time(seconds(1'800'000'000));

ObjectStatus Obj(std::string kind, std::string name, Condition ready, Condition synced) {
  ObjectStatus o;
  o.kind = std::move(kind);
  o.name = std::move(name);
  o.declared = true;
  o.ready = std::move(ready);
  o.synced = std::move(synced);
  return o;
}

const Condition kAvailable{"True", "Available", "", {}};
const Condition kInSync{"True", "InSync", "", {}};

TEST(StatusPageTest, RelativeTimes) {
  struct Case {
    long long ago;  // seconds before now; negative: in the future
    std::string want;
  };
  const Case cases[] = {{0, "just now"},        {4, "just now"},      {42, "42 s ago"},
                        {60, "1 min ago"},      {3599, "59 min ago"}, {7200, "2 h ago"},
                        {3 * 86400, "3 d ago"}, {-240, "in 4 min"},   {-30, "in 30 s"}};
  for (const auto& c : cases) {
    EXPECT_EQ(RelativeTime(kNow - seconds(c.ago), kNow), c.want) << c.ago;
  }
  EXPECT_EQ(RelativeTime(Time{}, kNow), "") << "an unset time";
}

TEST(StatusPageTest, HealthOfEachReason) {
  struct Case {
    Condition ready, synced;
    ObjectHealth want;
  };
  const Case cases[] = {
      {kAvailable, kInSync, ObjectHealth::kOk},
      {kAvailable, {"True", "Reconciled", "", {}}, ObjectHealth::kOk},
      {kAvailable, {"False", "ApplyFailed", "", {}}, ObjectHealth::kFailing},
      {kAvailable, {"False", "PlanError", "", {}}, ObjectHealth::kFailing},
      {kAvailable, {"False", "DependencyFailed", "", {}}, ObjectHealth::kFailing},
      {kAvailable, {"False", "Interrupted", "", {}}, ObjectHealth::kFailing},
      {kAvailable, {"False", "Held", "", {}}, ObjectHealth::kAttention},
      {kAvailable, {"False", "Drifted", "", {}}, ObjectHealth::kAttention},
      {{"False", "NotReady", "", {}}, kInSync, ObjectHealth::kAttention},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(HealthOf(Obj("User", "u", c.ready, c.synced)), c.want) << c.synced.reason;
  }
}

TEST(StatusPageTest, ParsesTheFilterFromTheQuery) {
  struct Case {
    std::string query, text;
    HealthFilter show;
  };
  const Case cases[] = {
      {"", "", HealthFilter::kAll},
      {"q=alice", "alice", HealthFilter::kAll},
      {"q=dev+pool%2F1&show=failing", "dev pool/1", HealthFilter::kFailing},
      {"show=problems&q=", "", HealthFilter::kNotOk},
      {"show=nonsense&x=1&q=%zz", "%zz", HealthFilter::kAll},
  };
  for (const auto& c : cases) {
    PageFilter f = ParsePageFilter(c.query);
    EXPECT_EQ(f.text, c.text) << c.query;
    EXPECT_EQ(f.show, c.show) << c.query;
  }
}

class StatusPageRenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    d_.phase = "idle";
    d_.last_result = "success";
    d_.last_pass_end = kNow - seconds(180);
    objects_["Desktop/a-ok"] = Obj("Desktop", "a-ok", kAvailable, kInSync);
    objects_["User/b-drifted"] =
        Obj("User", "b-drifted", kAvailable, {"False", "Drifted", "description differs", {}});
    auto failed = Obj("User", "c-failed", kAvailable,
                      {"False", "ApplyFailed", "update: quota exceeded", kNow - seconds(90)});
    failed.last_error = "update: quota exceeded";
    failed.last_error_time = kNow - seconds(90);
    objects_["User/c-failed"] = failed;
    objects_["User/d-ok"] = Obj("User", "d-ok", kAvailable, kInSync);
  }
  // The data-name of every row, in order.
  std::vector<std::string> Rows(const std::string& page) {
    std::vector<std::string> names;
    for (std::size_t at = page.find("data-name=\""); at != std::string::npos;
         at = page.find("data-name=\"", at + 1)) {
      at += 11;
      names.push_back(page.substr(at, page.find('"', at) - at));
    }
    return names;
  }
  DaemonState d_;
  std::map<std::string, ObjectStatus> objects_;
};

TEST_F(StatusPageRenderTest, FailingFirstThenAttentionThenTheRest) {
  const std::string page = RenderStatusPage(d_, objects_, {}, kNow);
  EXPECT_EQ(Rows(page), (std::vector<std::string>{"c-failed", "b-drifted", "a-ok", "d-ok"}));
  EXPECT_THAT(page, HasSubstr("<tr class=\"failing\" data-kind=\"User\" data-name=\"c-failed\""));
  EXPECT_THAT(page, HasSubstr("<tr class=\"attention\" data-kind=\"User\" data-name=\"b-drifted\""));
  EXPECT_THAT(page, HasSubstr(">1 failing</span>"));
  EXPECT_THAT(page, Not(HasSubstr("id=\"shown\""))) << "nothing filtered out";
}

TEST_F(StatusPageRenderTest, TimesAreRelativeWithTheAbsoluteInTheTooltip) {
  const std::string page = RenderStatusPage(d_, objects_, {}, kNow);
  EXPECT_THAT(page, HasSubstr("<time datetime=\"2027-01-15T07:57:00.000Z\" "
                              "title=\"2027-01-15T07:57:00.000Z\">3 min ago</time>"));
  EXPECT_THAT(page, HasSubstr("last error <time datetime=\"2027-01-15T07:58:30.000Z\""));
  EXPECT_THAT(page, HasSubstr("1 min ago</time>: update: quota exceeded"));
}

TEST_F(StatusPageRenderTest, AFailedLastPassIsABannerAtTheTop) {
  EXPECT_THAT(RenderStatusPage(d_, objects_, {}, kNow), Not(HasSubstr("last-pass-failed")));
  d_.last_result = "failure";
  d_.last_message = "1 action failed <b>";
  const std::string page = RenderStatusPage(d_, objects_, {}, kNow);
  const auto banner = page.find("<div id=\"last-pass-failed\" class=\"banner failure\">");
  ASSERT_NE(banner, std::string::npos);
  EXPECT_LT(banner, page.find("<dl>")) << "above everything else";
  EXPECT_THAT(page.substr(banner, 300), HasSubstr("1 action failed &lt;b&gt;"));
  EXPECT_THAT(page, HasSubstr("<title>FAILED · deskops status</title>"));
}

TEST_F(StatusPageRenderTest, TheFilterNarrowsTheRowsAndIsKeptInTheForm) {
  struct Case {
    PageFilter filter;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {{"", HealthFilter::kFailing}, {"c-failed"}},
      {{"", HealthFilter::kNotOk}, {"c-failed", "b-drifted"}},
      {{"DESKTOP", HealthFilter::kAll}, {"a-ok"}},
      {{"quota", HealthFilter::kAll}, {"c-failed"}},
      {{"d-", HealthFilter::kNotOk}, {}},
  };
  for (const auto& c : cases) {
    const std::string page = RenderStatusPage(d_, objects_, c.filter, kNow);
    EXPECT_EQ(Rows(page), c.want) << c.filter.text;
    EXPECT_THAT(page, HasSubstr("showing " + std::to_string(c.want.size()) + " of 4"));
    EXPECT_THAT(page, HasSubstr("Objects: 4 <span")) << "the heading still counts every object";
  }
  const std::string page = RenderStatusPage(d_, objects_, {"\"><script>", HealthFilter::kFailing}, kNow);
  EXPECT_THAT(page, HasSubstr("value=\"&quot;&gt;&lt;script&gt;\""));
  EXPECT_THAT(page, HasSubstr("<option value=\"failing\" selected>"));
  EXPECT_THAT(page, Not(HasSubstr("<script")));
}

}  // namespace
}  // namespace deskops::daemon
