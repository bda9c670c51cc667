#include "cloud/credential_rotator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <fstream>

#include "cloud/operations.h"

namespace deskops::cloud {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Answers 401 to requests signed with any access key but `accepted`.
struct KeyCheckingTransport : Transport {
  std::string accepted;
  std::vector<std::string> keys_seen;
  core::StatusOr<HttpResponse> Send(const HttpRequest& r, Deadline) override {
    std::string key;
    for (const auto& [k, v] : r.headers) {
      if (k == "Authorization") {
        auto at = v.find("Access=");
        key = v.substr(at + 7, v.find(',', at) - at - 7);
      }
    }
    keys_seen.push_back(key);
    if (key == accepted) return HttpResponse{200, {}, "{}"};
    return HttpResponse{401, {}, R"({"error_code":"APIGW.0303","error_msg":"bad key"})"};
  }
};

class CredentialRotatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("deskops-rotate-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    Write("ak", "AKOLD");
    Write("sk", "sk-old-secret-value");
    Write("project_id", "proj1");
    env_ = [d = dir_.string()](const std::string& name) -> std::optional<std::string> {
      if (name == "CREDENTIALS_DIRECTORY") return d;
      return std::nullopt;
    };
    auto loaded = LoadCredentialsWithOrigins({}, env_);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    auto t = std::make_unique<KeyCheckingTransport>();
    transport_ = t.get();
    transport_->accepted = "AKOLD";
    ClientOptions o;
    o.endpoint = "https://workspace.example.com";
    o.limits.requests_per_second = 0;
    client_ = std::make_unique<ApiClient>(o, loaded->values, std::move(t), clock_);
    log_ = std::make_unique<core::Logger>(sink_, core::Logger::Options{});
    rotator_ = CredentialRotator::Attach({}, env_, *loaded, *client_, log_.get()).get();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text << "\n";
  }
  core::Status List() { return client_->Call({&ops::kListUsers, {}, {}, ""}).status(); }

  std::filesystem::path dir_;
  GetEnv env_;
  core::FakeClock clock_{core::Clock::WallTime(std::chrono::seconds(1573788615))};
  KeyCheckingTransport* transport_ = nullptr;
  std::unique_ptr<ApiClient> client_;
  std::shared_ptr<core::MemorySink> sink_ = std::make_shared<core::MemorySink>();
  std::unique_ptr<core::Logger> log_;
  CredentialRotator* rotator_ = nullptr;  // owned by the client's hook
};

TEST_F(CredentialRotatorTest, FileChangeSwapsKeysAndLogsWhichWithoutValues) {
  EXPECT_FALSE(rotator_->Refresh(CredentialRotator::Trigger::kFileChanged)) << "nothing changed";
  EXPECT_EQ(sink_->Text(), "");
  Write("ak", "AKNEW");
  Write("sk", "sk-new-secret-value");
  transport_->accepted = "AKNEW";
  EXPECT_TRUE(rotator_->Refresh(CredentialRotator::Trigger::kFileChanged));
  ASSERT_TRUE(List().ok());
  EXPECT_EQ(transport_->keys_seen, std::vector<std::string>{"AKNEW"}) << "no 401 round trip";
  const std::string log = sink_->Text();
  EXPECT_THAT(log, HasSubstr("credentials changed"));
  EXPECT_THAT(log, HasSubstr("ak from file " + (dir_ / "ak").string()));
  EXPECT_THAT(log, HasSubstr("sk from file " + (dir_ / "sk").string()));
  EXPECT_THAT(log, HasSubstr("a credential file changed"));
  EXPECT_THAT(log, Not(HasSubstr("sk-new-secret-value")));
  EXPECT_THAT(log, Not(HasSubstr("sk-old-secret-value")));
  EXPECT_EQ(rotator_->Files().size(), 3u);
}

TEST_F(CredentialRotatorTest, A401RereadsAndSendsOnceMoreWithTheNewKeys) {
  ASSERT_TRUE(List().ok());
  Write("ak", "AKNEW");
  Write("sk", "sk-new-secret-value");
  transport_->accepted = "AKNEW";  // the old key is revoked: no file event was seen
  ASSERT_TRUE(List().ok());
  EXPECT_EQ(transport_->keys_seen, (std::vector<std::string>{"AKOLD", "AKOLD", "AKNEW"}));
  EXPECT_THAT(sink_->Text(), HasSubstr("401"));
}

TEST_F(CredentialRotatorTest, A401WithUnchangedCredentialsFailsAtOnce) {
  transport_->accepted = "SOMEONE-ELSE";
  core::Status st = List();
  EXPECT_EQ(st.http_status(), 401);
  EXPECT_EQ(transport_->keys_seen.size(), 1u) << "sent once: nothing new to send with";
}

TEST_F(CredentialRotatorTest, AnUnreadableSourceKeepsTheKeysInUse) {
  std::filesystem::remove(dir_ / "sk");  // mid-rotation: the AK has no SK
  EXPECT_FALSE(rotator_->Refresh(CredentialRotator::Trigger::kFileChanged));
  EXPECT_THAT(sink_->Text(), HasSubstr("keeping the ones in use"));
  ASSERT_TRUE(List().ok()) << "still signing with the old pair";
}

}  // namespace
}  // namespace deskops::cloud
