#pragma once
// A Transport that answers like a tiny API: handlers by "METHOD /path" (the path without query),
// every request recorded. Plus access to the reference's example bodies in tests/golden.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <string>

#include "cloud/api_client.h"
#include "cloud/transport.h"

namespace deskops::cloud::testing {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

struct FakeApi : Transport {
  std::map<std::string, Handler> routes;
  std::vector<HttpRequest> requests;
  std::mutex mu;

  void On(const std::string& method, const std::string& path, Handler h) {
    routes[method + " " + path] = std::move(h);
  }
  void On(const std::string& method, const std::string& path, int status, std::string body) {
    On(method, path, [status, body](const HttpRequest&) { return HttpResponse{status, {}, body}; });
  }
  core::StatusOr<HttpResponse> Send(const HttpRequest& r, Deadline) override {
    Handler h;
    {
      std::lock_guard lock(mu);
      requests.push_back(r);
      auto it = routes.find(r.method + " " + r.path);
      if (it == routes.end()) return HttpResponse{404, {}, R"({"error_code":"TEST.404"})"};
      h = it->second;
    }
    return h(r);
  }
  std::string Query(const HttpRequest& r, const std::string& key) const {
    for (const auto& [k, v] : r.query)
      if (k == key) return v;
    return "";
  }
};

// Owns a client over a FakeApi (project "p1", unlimited rate, fake clock).
struct FakeClient {
  core::FakeClock clock;
  FakeApi* api;
  std::unique_ptr<ApiClient> client;
  FakeClient() {
    auto t = std::make_unique<FakeApi>();
    api = t.get();
    ClientOptions o;
    o.endpoint = "https://workspace.example.com";
    o.limits.requests_per_second = 0;
    o.jitter_seed = 3;
    client = std::make_unique<ApiClient>(o, Credentials{"AK", "SK-fake", "", "p1", ""},
                                         std::move(t), clock);
  }
};

inline std::string Golden(const std::string& name) {
  const char* root = std::getenv("DESKOPS_SOURCE_DIR");
  std::string path = std::string(root ? root : ".") + "/tests/golden/api-examples/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "missing golden file " << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace deskops::cloud::testing
