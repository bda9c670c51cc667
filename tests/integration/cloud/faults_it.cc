// Retries against the real simulator's fault rules: what the client resends, what it gives up on,
// and that a create whose answer was lost is never sent twice (the simulator counts the requests).
#include <chrono>
#include <thread>

#include "cloud/users.h"
#include "sim_suite.h"

namespace deskops::it {
namespace {

using namespace std::chrono_literals;
namespace users = cloud::users;

struct FaultCase {
  const char* name;
  json rule;                // one fault rule, "count" limits how often it fires
  bool create;              // POST users.create instead of GET users.list
  core::StatusCode result;  // what the call returns in the end
  int attempts;             // requests the client sent (and the simulator received)
  std::chrono::milliseconds at_least{0};
};

class FaultsIT : public SimSuite {};

TEST_F(FaultsIT, RetriesWhatIsSafeAndNothingElse) {
  const std::vector<FaultCase> cases = {
      {"429 waits for Retry-After",
       {{"operation", "users.list"}, {"kind", "http_429"}, {"retry_after", 1}, {"count", 1}},
       false,
       core::StatusCode::kOk,
       2,
       1s},
      {"503 is retried",
       {{"operation", "users.list"}, {"kind", "http_503"}, {"count", 1}},
       false,
       core::StatusCode::kOk,
       2},
      {"busy 409 is retried",
       {{"operation", "users.list"}, {"kind", "conflict_409"}, {"count", 2}},
       false,
       core::StatusCode::kOk,
       3},
      {"dropped read is resent",
       {{"operation", "users.list"}, {"kind", "drop_connection"}, {"count", 1}},
       false,
       core::StatusCode::kOk,
       2},
      {"500 on a read is resent",
       {{"operation", "users.list"}, {"kind", "http_500"}, {"count", 1}},
       false,
       core::StatusCode::kOk,
       2},
      {"500 on a create is final",
       {{"operation", "users.create"}, {"kind", "http_500"}, {"count", 1}},
       true,
       core::StatusCode::kInternal,
       1},
      {"rejected create is resent",
       {{"operation", "users.create"}, {"kind", "http_503"}, {"count", 1}},
       true,
       core::StatusCode::kOk,
       2},
      {"create with a lost answer is not resent",
       {{"operation", "users.create"}, {"kind", "drop_connection"}, {"count", 1}},
       true,
       core::StatusCode::kUnknown,
       1},
  };
  for (const FaultCase& c : cases) {
    SCOPED_TRACE(c.name);
    IT_ASSERT_OK(sim().Control("POST", "reset"));
    InjectFault(c.rule);
    Control("DELETE", "stats");
    observer().Clear();
    const std::string op = c.create ? "users.create" : "users.list";
    auto start = std::chrono::steady_clock::now();
    core::Status status;
    if (c.create) {
      users::CreateRequest r;
      r.user_name = "retry-user";
      status = users::Create(client(), r).status();
    } else {
      status = users::List(client()).status();
    }
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(status.code(), c.result) << status.ToString();
    EXPECT_EQ(observer().Attempts(op), c.attempts);
    EXPECT_GE(elapsed, c.at_least);
    json stats = Control("GET", "stats");
    EXPECT_EQ(stats["by_operation"].value(op, 0), c.attempts) << "requests the simulator saw";
    if (c.create) {
      // Applied at most once whatever the client heard back; wks-sim answers an injected 500
      // instead of applying the call.
      IT_ASSIGN_OR_FAIL(auto all, users::List(client()));
      EXPECT_EQ(all.size(), c.result == core::StatusCode::kInternal ? 0u : 1u);
    }
  }
}

// A server closes keep-alive connections that stay idle (wks-sim --idle-timeout, as gateways do).
// The client must not send a request on such a connection: a create sent there would fail with
// "outcome unknown" although the server never saw it.
TEST(IdleConnectionIT, RequestsAfterTheServerClosedAnIdleConnectionGoThrough) {
  testing::SimOptions options;
  options.extra = {"--idle-timeout", "1"};
  auto sim = testing::SimProcess::Start(options);
  ASSERT_TRUE(sim.ok()) << sim.status().ToString();
  auto client = (*sim)->NewClient();
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  RecordingObserver observer;
  (*client)->set_observer(&observer);
  for (const char* name : {"idle-1", "idle-2"}) {
    SCOPED_TRACE(name);
    users::CreateRequest r;
    r.user_name = name;
    IT_ASSERT_OK(users::Create(**client, r));  // the POST that follows an idle period
    IT_ASSERT_OK(users::List(**client));       // and a GET
    std::this_thread::sleep_for(2500ms);       // the server closes the connection meanwhile
  }
  IT_ASSERT_OK(users::List(**client));  // a GET after the last idle period
  EXPECT_EQ(observer.Attempts("users.create"), 2) << "nothing was resent";
  IT_ASSIGN_OR_FAIL(auto all, users::List(**client));
  EXPECT_EQ(all.size(), 2u);
  client->reset();
  EXPECT_EQ((*sim)->Stop(), 0);
}

}  // namespace
}  // namespace deskops::it
