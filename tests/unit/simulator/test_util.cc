#include "test_util.h"

#include "simulator/signer.h"

namespace deskops::simulator::testing {

Request SignedRequest(const std::string& method, const std::string& path, const std::string& query,
                      const std::string& body, const std::string& ak, const std::string& sk,
                      core::Clock::WallTime date) {
  Request r;
  r.method = method;
  r.path = path;
  r.query = query;
  r.body = body;
  std::string sdk_date = FormatSdkDate(date);
  r.headers = {
      {"content-type", "application/json"}, {"host", "127.0.0.1:8443"}, {"x-sdk-date", sdk_date}};
  Authorization auth{
      ak, "content-type;host;x-sdk-date", {"content-type", "host", "x-sdk-date"}, ""};
  std::string signature =
      ComputeSignature(sk, StringToSign(sdk_date, CanonicalRequest(r, auth).value()));
  r.headers.emplace_back(
      "authorization", "SDK-HMAC-SHA256 Access=" + ak +
                           ", SignedHeaders=content-type;host;x-sdk-date, Signature=" + signature);
  return r;
}

SimulatorOptions TestOptions(Progression progression) {
  SimulatorOptions options;
  options.credentials.auth_token = kToken;
  options.control_api = true;
  options.progression.fallback = progression;
  return options;
}

static Reply Send(Simulator& sim, Request r) {
  Reply reply;
  reply.raw = sim.Handle(r);
  reply.status = reply.raw.status;
  if (!reply.raw.body.empty()) reply.body = nlohmann::json::parse(reply.raw.body);
  return reply;
}

Reply Call(Simulator& sim, const std::string& method, const std::string& path,
           const nlohmann::json& body, const std::string& query) {
  Request r;
  r.method = method;
  r.path = std::string("/v2/") + std::string(kDemoProjectId) + path;
  r.query = query;
  if (!body.is_null()) r.body = body.dump();
  r.headers = {{"x-auth-token", kToken}, {"content-type", "application/json"}};
  return Send(sim, std::move(r));
}

Reply Control(Simulator& sim, const std::string& method, const std::string& path,
              const nlohmann::json& body) {
  Request r;
  r.method = method;
  r.path = "/_sim/" + path;
  if (!body.is_null()) r.body = body.dump();
  return Send(sim, std::move(r));
}

nlohmann::json CreateDesktopBody(const std::string& user, const std::string& name) {
  return {{"desktop_type", "DEDICATED"},
          {"image_type", "gold"},
          {"image_id", "a866298d-67db-44b0-a1f1-9d09bdddc20f"},
          {"root_volume", {{"type", "SAS"}, {"size", 80}}},
          {"product_id", "workspace.c2.large.windows.2"},
          {"desktops", {{{"user_name", user}, {"user_group", "users"}, {"computer_name", name}}}}};
}

}  // namespace deskops::simulator::testing
