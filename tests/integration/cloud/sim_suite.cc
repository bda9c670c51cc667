#include "sim_suite.h"

#include "cloud/pagination.h"
#include "cloud/users.h"
#include "core/clock.h"

namespace deskops::it {

using namespace std::chrono_literals;

void RecordingObserver::OnAttempt(const cloud::Operation& op, int http_status, std::string_view,
                                  std::chrono::nanoseconds) {
  std::lock_guard lock(mu_);
  statuses_[std::string(op.id)].push_back(http_status);
}

int RecordingObserver::Attempts(std::string_view op_id) const {
  std::lock_guard lock(mu_);
  auto it = statuses_.find(op_id);
  return it == statuses_.end() ? 0 : static_cast<int>(it->second.size());
}

bool RecordingObserver::Succeeded(std::string_view op_id) const {
  std::lock_guard lock(mu_);
  auto it = statuses_.find(op_id);
  if (it == statuses_.end()) return false;
  for (int s : it->second) {
    if (s / 100 == 2) return true;
  }
  return false;
}

void RecordingObserver::Clear() {
  std::lock_guard lock(mu_);
  statuses_.clear();
}

std::unique_ptr<testing::SimProcess> SimSuite::sim_;
std::unique_ptr<RecordingObserver> SimSuite::observer_;
std::unique_ptr<cloud::ApiClient> SimSuite::client_;

void SimSuite::SetUpTestSuite() {
  auto sim = testing::SimProcess::Start();
  ASSERT_TRUE(sim.ok()) << sim.status().ToString();
  sim_ = std::move(*sim);
  // deskops' retry policy with short pauses: the suites check what is retried, not how long the
  // client waits (the unit tests do); Retry-After is still honoured.
  cloud::RetryPolicy retry;
  retry.base_delay = 20ms;
  retry.max_delay = 200ms;
  auto client = sim_->NewClient({0, 1, 8}, retry);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  client_ = std::move(*client);
  observer_ = std::make_unique<RecordingObserver>();
  client_->set_observer(observer_.get());
}

void SimSuite::TearDownTestSuite() {
  const ::testing::TestSuite* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
  // Only a suite that ran whole can be held to its share of the operations.
  if (suite && observer_ && suite->test_to_run_count() == suite->total_test_count()) {
    auto plan = CoveragePlan().find(suite->name());
    EXPECT_NE(plan, CoveragePlan().end()) << suite->name() << " is missing in coverage.cc";
    if (plan != CoveragePlan().end()) {
      for (const cloud::Operation* op : plan->second) {
        EXPECT_TRUE(observer_->Succeeded(op->id))
            << suite->name() << " never got a 2xx answer from " << op->id << " (" << op->section
            << ")";
      }
    }
  }
  client_.reset();
  observer_.reset();
  if (sim_) {
    EXPECT_EQ(sim_->Stop(), 0) << "wks-sim did not exit cleanly";
  }
  sim_.reset();
}

void SimSuite::SetUp() {
  ASSERT_TRUE(sim_ && client_) << "wks-sim did not start";
  auto reset = sim_->Control("POST", "reset");
  ASSERT_TRUE(reset.ok()) << reset.status().ToString();
}

json SimSuite::Control(const std::string& method, const std::string& path, const json& body) {
  auto answer = sim_->Control(method, path, body.is_null() ? "" : body.dump());
  EXPECT_TRUE(answer.ok()) << answer.status().ToString();
  if (!answer.ok() || answer->empty()) return nullptr;
  return json::parse(*answer, nullptr, false);
}

core::StatusOr<std::vector<json>> SimSuite::RawListAll(const cloud::Operation& op,
                                                       const std::string& items_key,
                                                       const std::string& total_key,
                                                       std::size_t* total) {
  std::vector<json> items;
  auto on_page = [&](const cloud::HttpResponse& res) -> core::StatusOr<cloud::PageResult> {
    json page = json::parse(res.body, nullptr, false);
    if (!page.is_object() || !page[total_key].is_number() || !page[items_key].is_array()) {
      return core::Status::DataLoss(std::string(op.id) + ": unexpected page " + res.body);
    }
    cloud::PageResult r;
    r.total = *total = page[total_key].get<std::size_t>();
    for (json& item : page[items_key]) items.push_back(std::move(item));
    r.items = page[items_key].size();
    return r;
  };
  DESKOPS_RETURN_IF_ERROR(cloud::WalkPages(*client_, {&op, {}, {}, ""}, on_page).status());
  return items;
}

void SimSuite::InjectFault(const json& rule) {
  Control("PUT", "faults", {{"rules", json::array({rule})}});
}

core::StatusOr<cloud::jobs::Outcome> SimSuite::Wait(const std::string& job_id) {
  cloud::jobs::WaitOptions o;
  o.first_poll = 10ms;
  o.max_poll = 100ms;
  o.timeout = 30s;
  return cloud::jobs::Wait(*client_, job_id, core::SystemClock(), o);
}

core::Status SimSuite::WaitSuccess(const std::string& job_id) {
  DESKOPS_ASSIGN_OR_RETURN(cloud::jobs::Outcome outcome, Wait(job_id));
  if (outcome.state == cloud::jobs::State::kSuccess) return core::Status::Ok();
  return core::Status::Internal("job " + job_id + " " + outcome.Describe());
}

cloud::desktops::CreateRequest SimSuite::DesktopRequest(
    const std::vector<std::pair<std::string, std::string>>& users_and_names) {
  cloud::desktops::CreateRequest r;
  r.product_id = kProduct;
  r.image_type = "gold";
  r.image_id = kImage;
  r.root_volume = {"SAS", 80, "", "", ""};
  r.subnet_ids = {kSubnet};
  for (const auto& [user, name] : users_and_names) {
    cloud::desktops::CreateItem item;
    item.user_name = user;
    item.user_group = "users";
    item.computer_name = name;
    r.desktops.push_back(item);
  }
  return r;
}

core::StatusOr<std::vector<std::string>> SimSuite::CreateDesktops(
    const std::vector<std::pair<std::string, std::string>>& users_and_names) {
  DESKOPS_ASSIGN_OR_RETURN(std::string job,
                           cloud::desktops::Create(*client_, DesktopRequest(users_and_names)));
  DESKOPS_RETURN_IF_ERROR(WaitSuccess(job));
  // Sub-jobs are per desktop; map them back to the requested names.
  std::vector<std::string> ids;
  for (const auto& [user, name] : users_and_names) {
    cloud::desktops::Query q;
    q.computer_name = name;
    DESKOPS_ASSIGN_OR_RETURN(auto found, cloud::desktops::ListDetail(*client_, q));
    for (const auto& d : found) {
      if (d.computer_name == name) ids.push_back(d.id);
    }
  }
  if (ids.size() != users_and_names.size()) {
    return core::Status::Internal("created desktops not found by name");
  }
  return ids;
}

core::StatusOr<std::string> SimSuite::CreateUser(const std::string& name) {
  cloud::users::CreateRequest r;
  r.user_name = name;
  r.user_email = name + "@example.com";
  return cloud::users::Create(*client_, r);
}

core::StatusOr<std::string> SimSuite::CreateGroup(const std::string& name) {
  DESKOPS_RETURN_IF_ERROR(cloud::groups::Create(*client_, name, "LOCAL"));
  DESKOPS_ASSIGN_OR_RETURN(auto groups, cloud::groups::List(*client_, name));
  for (const auto& g : groups) {
    if (g.name == name) return g.id;
  }
  return core::Status::NotFound("group " + name + " not listed after create");
}

}  // namespace deskops::it
