// Fuzz target: the JSON DTO parsers of cloud/. The input is a response body that a transport
// returns for every request; each typed read (lists with paging, gets, job reads, async answers)
// and the error-body and policy readers parse it. They must never crash or hang, whatever the
// server sends: a malformed answer is an error Status, never undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "cloud/api_client.h"
#include "cloud/api_error.h"
#include "cloud/desktops.h"
#include "cloud/jobs.h"
#include "cloud/json_leaves.h"
#include "cloud/lookups.h"
#include "cloud/operations.h"
#include "cloud/policies.h"
#include "cloud/pools.h"
#include "cloud/transport.h"
#include "cloud/users.h"
#include "core/clock.h"

namespace {

using namespace deskops;
using namespace deskops::cloud;

// Answers every request with the same status and body.
class EchoTransport final : public Transport {
 public:
  EchoTransport(int status, std::string body) : status_(status), body_(std::move(body)) {}
  core::StatusOr<HttpResponse> Send(const HttpRequest&, Deadline) override {
    return HttpResponse{status_, {{"Content-Type", "application/json"}}, body_};
  }

 private:
  int status_;
  std::string body_;
};

std::unique_ptr<ApiClient> MakeClient(const core::Clock& clock, int status, std::string body) {
  ClientOptions o;
  o.endpoint = "https://workspace.fuzz.example.com";
  o.limits.requests_per_second = 0;  // unlimited: no waiting
  o.retry.max_attempts = 1;          // an error answer is not retried
  o.jitter_seed = 1;
  return std::make_unique<ApiClient>(o, Credentials{"AK", "SK", "", "p1", ""},
                                     std::make_unique<EchoTransport>(status, std::move(body)),
                                     clock);
}

void ReadEverything(ApiClient& c) {
  (void)desktops::ListDetail(c);
  (void)desktops::Get(c, "d1");
  (void)desktops::Action(c, {"d1"}, "os-start");
  (void)desktops::Detach(c, {"d1"});
  (void)desktops::ListTags(c, "d1");
  (void)pools::List(c);
  (void)pools::Get(c, "p1");
  (void)pools::ListAuthorized(c, "p1");
  (void)pools::ListDesktops(c, "p1");
  (void)pools::Action(c, "p1", "os-start");
  (void)users::List(c);
  (void)users::Get(c, "u1");
  (void)groups::List(c);
  (void)groups::ListMembers(c, "g1");
  (void)policy_groups::ListDetail(c);
  (void)policy_groups::Get(c, "pg1");
  (void)policy_groups::GetPolicies(c, "pg1");
  (void)policy_groups::ListTargets(c, "pg1");
  (void)access_policies::List(c);
  (void)access_policies::ListObjects(c, "ap1");
  (void)name_policies::List(c);
  (void)jobs::Get(c, "j1");
  (void)jobs::ListSubJobs(c, "j1");
  (void)lookups::ListProducts(c);
  (void)lookups::ListImages(c);
  (void)lookups::ListAvailabilityZones(c);
  (void)lookups::ListQuotas(c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  static const core::FakeClock clock;
  auto ok = MakeClient(clock, 200, body);
  ReadEverything(*ok);
  auto failed = MakeClient(clock, 400, body);
  (void)desktops::Get(*failed, "d1");
  (void)ParseApiError(body);
  (void)FlattenJson(body);
  return 0;
}
