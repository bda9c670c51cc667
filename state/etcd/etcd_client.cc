#include "state/etcd/etcd_client.h"

#include <nlohmann/json.hpp>

#include "core/redact.h"
#include "core/strings.h"
#include "state/etcd/base64.h"

namespace deskops::state::etcd {

using core::Status;
using core::StrCat;
using nlohmann::json;

namespace {

// gRPC status codes the gateway answers with.
constexpr int kGrpcDeadlineExceeded = 4;
constexpr int kGrpcUnavailable = 14;
constexpr int kGrpcUnauthenticated = 16;

// etcd's JSON numbers are int64 as strings ("12"); some fields are omitted when zero.
long long Int(const json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end()) return 0;
  if (it->is_string()) {
    try {
      return std::stoll(it->get<std::string>());
    } catch (...) {
      return 0;
    }
  }
  return it->is_number_integer() ? it->get<long long>() : 0;
}

std::string Bytes(const json& j, const char* field) {
  auto it = j.find(field);
  return it != j.end() && it->is_string() ? Base64Decode(it->get<std::string>()) : "";
}

RangeResult ParseRange(const json& j) {
  RangeResult r;
  r.revision = Int(j.value("header", json::object()), "revision");
  r.more = j.value("more", false);
  for (const json& kv : j.value("kvs", json::array())) {
    r.kvs.push_back({Bytes(kv, "key"), Bytes(kv, "value"), Int(kv, "create_revision"),
                     Int(kv, "mod_revision"), Int(kv, "version"), Int(kv, "lease")});
  }
  return r;
}

std::string_view TargetName(Compare::Target t) {
  switch (t) {
    case Compare::Target::kCreate:
      return "CREATE";
    case Compare::Target::kMod:
      return "MOD";
    case Compare::Target::kVersion:
      return "VERSION";
    case Compare::Target::kValue:
      return "VALUE";
  }
  return "CREATE";
}

std::string_view ResultName(Compare::Result r) {
  switch (r) {
    case Compare::Result::kEqual:
      return "EQUAL";
    case Compare::Result::kNotEqual:
      return "NOT_EQUAL";
    case Compare::Result::kGreater:
      return "GREATER";
    case Compare::Result::kLess:
      return "LESS";
  }
  return "EQUAL";
}

json CompareJson(const Compare& c) {
  json j = {{"key", Base64Encode(c.key)},
            {"target", TargetName(c.target)},
            {"result", ResultName(c.result)}};
  switch (c.target) {
    case Compare::Target::kCreate:
      j["create_revision"] = std::to_string(c.number);
      break;
    case Compare::Target::kMod:
      j["mod_revision"] = std::to_string(c.number);
      break;
    case Compare::Target::kVersion:
      j["version"] = std::to_string(c.number);
      break;
    case Compare::Target::kValue:
      j["value"] = Base64Encode(c.value);
      break;
  }
  return j;
}

json OpJson(const Op& op) {
  json j = {{"key", Base64Encode(op.key)}};
  if (!op.range_end.empty()) j["range_end"] = Base64Encode(op.range_end);
  switch (op.type) {
    case Op::Type::kPut:
      j["value"] = Base64Encode(op.value);
      if (op.lease != 0) j["lease"] = std::to_string(op.lease);
      return {{"request_put", j}};
    case Op::Type::kDelete:
      return {{"request_delete_range", j}};
    case Op::Type::kRange:
      return {{"request_range", j}};
  }
  return {};
}

}  // namespace

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(end.back());
    if (last < 0xff) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');  // every key
}

struct Client::Member {
  std::string endpoint;
  std::unique_ptr<cloud::Transport> transport;
};

Client::Client(Options options) : options_(std::move(options)) {}
Client::~Client() = default;

core::StatusOr<std::unique_ptr<Client>> Client::Connect(Options options) {
  if (options.endpoints.empty()) return Status::InvalidArgument("no etcd endpoint");
  std::unique_ptr<Client> client(new Client(std::move(options)));
  for (const std::string& endpoint : client->options_.endpoints) {
    cloud::TransportOptions t;
    t.endpoint = endpoint;
    t.ca_file = client->options_.ca_file;
    t.cert_file = client->options_.cert_file;
    t.key_file = client->options_.key_file;
    t.max_connections = 4;
    t.connect_timeout = client->options_.request_timeout;
    t.io_timeout = client->options_.request_timeout;
    auto transport = cloud::MakeHttpTransport(t);
    if (!transport.ok()) return transport.status().Annotate(StrCat("etcd endpoint ", endpoint));
    client->members_.push_back(std::make_unique<Member>(Member{endpoint, std::move(*transport)}));
  }
  core::SecretRegistry::Global().Register(client->options_.password);
  return client;
}

std::string Client::Describe() const { return core::Join(options_.endpoints, ","); }

Counters Client::counters() const {
  return {ranges_.load(), txns_.load(), leases_.load(), failovers_.load()};
}

Status Client::Authenticate(Member& member) {
  cloud::HttpRequest req{"POST", "/v3/auth/authenticate", {}, {}, {}};
  req.headers = {{"Content-Type", "application/json"}};
  req.body = json{{"name", options_.username}, {"password", options_.password}}.dump();
  auto res =
      member.transport->Send(req, std::chrono::steady_clock::now() + options_.request_timeout);
  if (!res.ok()) return res.status();
  json j = json::parse(res->body, nullptr, false);
  if (res->status != 200 || !j.is_object() || !j.contains("token")) {
    const std::string why = j.is_object() ? j.value("message", res->body) : res->body;
    return Status::Unauthenticated(
        StrCat("etcd refused user ", core::Quote(options_.username), ": ", why));
  }
  std::lock_guard lock(mu_);
  token_ = j["token"].get<std::string>();
  core::SecretRegistry::Global().Register(token_);
  return Status::Ok();
}

core::StatusOr<std::string> Client::Post(std::string_view path, const std::string& body) {
  const std::size_t n = members_.size();
  const std::size_t first = preferred_.load();
  Status last = Status::Unavailable("no member answered");
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = (first + k) % n;
    Member& m = *members_[i];
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool auth = !options_.username.empty();
      std::string token;
      if (auth) {
        {
          std::lock_guard lock(mu_);
          token = token_;
        }
        if (token.empty()) {
          if (Status s = Authenticate(m); !s.ok()) {
            last = s;
            break;
          }
          std::lock_guard lock(mu_);
          token = token_;
        }
      }
      cloud::HttpRequest req{"POST", std::string(path), {}, {}, body};
      req.headers = {{"Content-Type", "application/json"}};
      if (!token.empty()) req.headers.emplace_back("Authorization", token);
      auto res =
          m.transport->Send(req, std::chrono::steady_clock::now() + options_.request_timeout);
      if (!res.ok()) {
        last = res.status();
        break;  // the next member
      }
      if (res->status == 200) {
        preferred_ = i;
        return std::move(res->body);
      }
      json err = json::parse(res->body, nullptr, false);
      const int code = err.is_object() ? err.value("code", 0) : 0;
      const std::string message =
          err.is_object() ? err.value("message", res->body) : StrCat("HTTP ", res->status);
      if (auth && attempt == 0 &&
          (code == kGrpcUnauthenticated ||
           message.find("invalid auth token") != std::string::npos)) {
        std::lock_guard lock(mu_);
        token_.clear();  // expired: authenticate again and resend once
        continue;
      }
      if (code == kGrpcUnavailable || code == kGrpcDeadlineExceeded || res->status >= 500) {
        last = Status::Unavailable(message);
        break;
      }
      return Status::FailedPrecondition(StrCat("etcd ", m.endpoint, ": ", message));
    }
    if (last.code() == core::StatusCode::kUnauthenticated) return last;
    if (k + 1 < n) ++failovers_;
  }
  return Status::Unavailable(StrCat("cannot reach etcd (", Describe(),
                                    "): ", core::SecretRegistry::Global().Redact(last.message())));
}

core::StatusOr<RangeResult> Client::Range(const std::string& key, const std::string& range_end,
                                          long long limit, long long revision) {
  json body = {{"key", Base64Encode(key)}};
  if (!range_end.empty()) body["range_end"] = Base64Encode(range_end);
  if (limit > 0) body["limit"] = std::to_string(limit);
  if (revision > 0) body["revision"] = std::to_string(revision);
  ++ranges_;
  DESKOPS_ASSIGN_OR_RETURN(std::string text, Post("/v3/kv/range", body.dump()));
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return Status::DataLoss("etcd answered a range with something not JSON");
  return ParseRange(j);
}

core::StatusOr<RangeResult> Client::RangePrefix(const std::string& prefix, long long revision,
                                                long long page) {
  const std::string end = PrefixEnd(prefix);
  RangeResult all;
  all.revision = revision;
  std::string from = prefix;
  for (;;) {
    DESKOPS_ASSIGN_OR_RETURN(RangeResult r, Range(from, end, page, all.revision));
    if (all.revision == 0) all.revision = r.revision;
    const bool more = r.more && !r.kvs.empty();
    if (more) from = r.kvs.back().key + std::string(1, '\0');
    for (auto& kv : r.kvs) all.kvs.push_back(std::move(kv));
    if (!more) return all;
  }
}

core::StatusOr<TxnResult> Client::Txn(const std::vector<Compare>& compares,
                                      const std::vector<Op>& success,
                                      const std::vector<Op>& failure) {
  json body = {{"compare", json::array()}, {"success", json::array()}, {"failure", json::array()}};
  for (const auto& c : compares) body["compare"].push_back(CompareJson(c));
  for (const auto& op : success) body["success"].push_back(OpJson(op));
  for (const auto& op : failure) body["failure"].push_back(OpJson(op));
  ++txns_;
  DESKOPS_ASSIGN_OR_RETURN(std::string text, Post("/v3/kv/txn", body.dump()));
  json j = json::parse(text, nullptr, false);
  if (!j.is_object())
    return Status::DataLoss("etcd answered a transaction with something not JSON");
  TxnResult r;
  r.succeeded = j.value("succeeded", false);
  r.revision = Int(j.value("header", json::object()), "revision");
  for (const json& res : j.value("responses", json::array())) {
    if (res.contains("response_range")) r.ranges.push_back(ParseRange(res["response_range"]));
  }
  return r;
}

core::StatusOr<long long> Client::Grant(std::chrono::seconds ttl) {
  ++leases_;
  DESKOPS_ASSIGN_OR_RETURN(
      std::string text, Post("/v3/lease/grant", json{{"TTL", std::to_string(ttl.count())}}.dump()));
  json j = json::parse(text, nullptr, false);
  const long long id = j.is_object() ? Int(j, "ID") : 0;
  if (id == 0) return Status::Unavailable(StrCat("etcd granted no lease: ", text));
  return id;
}

core::StatusOr<long long> Client::KeepAlive(long long lease) {
  ++leases_;
  DESKOPS_ASSIGN_OR_RETURN(std::string text,
                           Post("/v3/lease/keepalive", json{{"ID", std::to_string(lease)}}.dump()));
  // A stream of one message: {"result": {"ID": .., "TTL": ..}}; no TTL when the lease is gone.
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return Status::DataLoss("etcd answered a keepalive with something not JSON");
  if (j.contains("error")) {
    return Status::Unavailable(StrCat("etcd keepalive: ", j["error"].value("message", "")));
  }
  return Int(j.value("result", json::object()), "TTL");
}

Status Client::Revoke(long long lease) {
  ++leases_;
  auto text = Post("/v3/lease/revoke", json{{"ID", std::to_string(lease)}}.dump());
  if (!text.ok() && text.status().message().find("lease not found") != std::string_view::npos) {
    return Status::Ok();  // already gone
  }
  return text.status();
}

}  // namespace deskops::state::etcd
