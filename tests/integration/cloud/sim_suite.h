#pragma once
// The fixture of the cloud/ integration suites: one real wks-sim per suite (HTTPS on loopback, jobs
// immediate), reset before each test, one ApiClient with a recording CallObserver, and helpers
// that create the tenant objects several suites need. When a whole suite has run, its teardown
// checks that every operation coverage.cc assigns to it was answered 2xx on the wire, and that
// wks-sim exited cleanly.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/desktops.h"
#include "cloud/jobs.h"
#include "cloud/operations.h"
#include "sim_process.h"

namespace deskops::it {

using nlohmann::json;

// Values of the simulator's seeded tenant (simulator/README.md "Seeded tenant").
inline constexpr char kImage[] = "a866298d-67db-44b0-a1f1-9d09bdddc20f";
inline constexpr char kPrivateImage[] = "cc3bbc0b-9441-461b-b80b-48c52f3aed08";
inline constexpr char kProduct[] = "workspace.c2.large.windows.2";
inline constexpr char kBiggerProduct[] = "workspace.x86.ultimate.xlarge2";
inline constexpr char kSubnet[] = "5dee0216-2260-47c2-9368-98a27d910e55";
inline constexpr char kSubnet2[] = "c7f30df4-f3ac-4807-9599-18950b05455f";
inline constexpr char kVpc[] = "8e1d3b5f-2c4a-4f7e-9d6b-0a1c3e5f7b9d";
inline constexpr char kSecurityGroup[] = "ff2c8d48-c32a-4d25-8566-1d1db9119037";

// Which operations each suite must exercise (coverage.cc); every operation of ops::kAll once.
const std::map<std::string, std::vector<const cloud::Operation*>>& CoveragePlan();

// Records every attempt the client makes: HTTP statuses per operation ID.
class RecordingObserver : public cloud::CallObserver {
 public:
  void OnAttempt(const cloud::Operation& op, int http_status, std::string_view api_code,
                 std::chrono::nanoseconds latency) override;
  void OnRetry(const cloud::Operation&, std::chrono::milliseconds) override {}
  void OnThrottled(const cloud::Operation&, std::chrono::milliseconds) override {}

  int Attempts(std::string_view op_id) const;    // all attempts of one operation
  bool Succeeded(std::string_view op_id) const;  // at least one 2xx
  void Clear();

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::vector<int>, std::less<>> statuses_;
};

#define IT_ASSERT_OK(expr)                                           \
  do {                                                               \
    const auto& it_result_ = (expr);                                 \
    ASSERT_TRUE(it_result_.ok()) << ::deskops::it::Text(it_result_); \
  } while (false)

#define IT_ASSIGN_OR_FAIL(lhs, expr)                                    \
  auto DESKOPS_INTERNAL_CONCAT(it_or_, __LINE__) = (expr);              \
  ASSERT_TRUE(DESKOPS_INTERNAL_CONCAT(it_or_, __LINE__).ok())           \
      << DESKOPS_INTERNAL_CONCAT(it_or_, __LINE__).status().ToString(); \
  lhs = std::move(DESKOPS_INTERNAL_CONCAT(it_or_, __LINE__)).value()

inline std::string Text(const core::Status& s) { return s.ToString(); }
template <class T>
std::string Text(const core::StatusOr<T>& s) {
  return s.status().ToString();
}

class SimSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;

  static cloud::ApiClient& client() { return *client_; }
  static RecordingObserver& observer() { return *observer_; }
  static testing::SimProcess& sim() { return *sim_; }

  // A control-API call with a JSON body; the parsed answer (null when empty). Fails the test on
  // an error.
  static json Control(const std::string& method, const std::string& path,
                      const json& body = nullptr);
  // For the list operations cloud/ has no typed endpoint for: walks every page with
  // cloud::WalkPages and returns the items under `items_key`. Every page must report its total
  // under `total_key`, the last one is returned in *total.
  static core::StatusOr<std::vector<json>> RawListAll(const cloud::Operation& op,
                                                      const std::string& items_key,
                                                      const std::string& total_key,
                                                      std::size_t* total);
  // Replaces the fault rules with this one.
  static void InjectFault(const json& rule);
  // Follows a job to its end, polling quickly.
  static core::StatusOr<cloud::jobs::Outcome> Wait(const std::string& job_id);
  // The same, as an error unless the job succeeded.
  static core::Status WaitSuccess(const std::string& job_id);

  // A create request for desktops assigned to (user, computer name) pairs.
  static cloud::desktops::CreateRequest DesktopRequest(
      const std::vector<std::pair<std::string, std::string>>& users_and_names);
  // Creates them and returns their IDs in the order of `users_and_names`.
  static core::StatusOr<std::vector<std::string>> CreateDesktops(
      const std::vector<std::pair<std::string, std::string>>& users_and_names);
  // Creates a user and returns its ID.
  static core::StatusOr<std::string> CreateUser(const std::string& name);
  // Creates a LOCAL user group and returns its ID (found by name: 4.9.2 answers no body).
  static core::StatusOr<std::string> CreateGroup(const std::string& name);

 private:
  static std::unique_ptr<testing::SimProcess> sim_;
  static std::unique_ptr<RecordingObserver> observer_;
  static std::unique_ptr<cloud::ApiClient> client_;
};

}  // namespace deskops::it
