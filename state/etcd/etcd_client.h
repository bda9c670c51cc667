#pragma once
// A client of etcd's v3 API through its JSON gateway (etcd 3.4: POST /v3/kv/range, /v3/kv/txn,
// /v3/lease/grant, /v3/lease/keepalive, /v3/lease/revoke, /v3/auth/authenticate; keys and values
// base64 in the JSON). No gRPC: plain HTTP/1.1 or HTTPS through cloud's Beast transport, with an
// optional CA, client certificate and key (mutual TLS), and user/password authentication (the
// token goes in the Authorization header, renewed when etcd says it expired).
//
// Several endpoints (members of one cluster) are tried in turn: a request that could not be sent,
// got no answer, or was refused by a member that cannot serve it (no leader, shutting down) goes
// to the next member, and the member that answered is tried first next time. deskops' own writes
// are safe to send twice (puts of the same value, deletes, guarded transactions), which is what
// makes that failover safe. The password and the token are registered as secrets and never
// appear in messages. Thread-safe.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/transport.h"
#include "core/status_or.h"

namespace deskops::state::etcd {

struct Options {
  std::vector<std::string> endpoints;  // http://host:port or https://host:port, one per member
  std::string ca_file;                 // extra trusted CA (PEM) for https endpoints
  std::string cert_file, key_file;     // client certificate and key (mutual TLS)
  std::string username, password;      // etcd authentication; empty: none
  // One request to one member, connecting included.
  std::chrono::milliseconds request_timeout{5'000};
};

struct KeyValue {
  std::string key, value;
  long long create_revision = 0, mod_revision = 0, version = 0, lease = 0;
};

struct RangeResult {
  std::vector<KeyValue> kvs;
  bool more = false;       // limit cut the answer short
  long long revision = 0;  // the store's revision the answer reflects
};

// A transaction's condition on one key (etcd's Compare).
struct Compare {
  enum class Target { kCreate, kMod, kVersion, kValue };
  enum class Result { kEqual, kNotEqual, kGreater, kLess };
  std::string key;
  Target target = Target::kCreate;
  Result result = Result::kEqual;
  long long number = 0;    // kCreate, kMod, kVersion
  std::string value = {};  // kValue
};

// One operation of a transaction.
struct Op {
  enum class Type { kPut, kDelete, kRange };
  Type type = Type::kPut;
  std::string key;
  std::string value = {};      // kPut
  long long lease = 0;         // kPut: bound to this lease (0: none)
  std::string range_end = {};  // kDelete, kRange: [key, range_end); empty: the key alone
  static Op Put(std::string key, std::string value, long long lease = 0) {
    return {Type::kPut, std::move(key), std::move(value), lease};
  }
  static Op Delete(std::string key) { return {Type::kDelete, std::move(key)}; }
  static Op Get(std::string key) { return {Type::kRange, std::move(key)}; }
};

struct TxnResult {
  bool succeeded = false;
  long long revision = 0;           // after the transaction
  std::vector<RangeResult> ranges;  // the kRange operations' answers, in order
};

// Requests made so far, by kind (for the benchmarks and `state show`).
struct Counters {
  long long ranges = 0, txns = 0, leases = 0, failovers = 0;
};

// The range end that covers every key starting with `prefix` (etcd's "prefix end").
std::string PrefixEnd(std::string_view prefix);

class Client {
 public:
  static core::StatusOr<std::unique_ptr<Client>> Connect(Options options);
  ~Client();

  core::StatusOr<RangeResult> Range(const std::string& key, const std::string& range_end = "",
                                    long long limit = 0, long long revision = 0);
  // Every key under `prefix`, read page by page at one revision (a consistent snapshot): at
  // `revision`, or at the first page's when 0.
  core::StatusOr<RangeResult> RangePrefix(const std::string& prefix, long long revision = 0,
                                          long long page = 1000);
  core::StatusOr<TxnResult> Txn(const std::vector<Compare>& compares,
                                const std::vector<Op>& success,
                                const std::vector<Op>& failure = {});
  // A lease of `ttl`; its ID.
  core::StatusOr<long long> Grant(std::chrono::seconds ttl);
  // Renews a lease; the seconds it has left (0: it is gone, expired or revoked).
  core::StatusOr<long long> KeepAlive(long long lease);
  core::Status Revoke(long long lease);

  // "http://127.0.0.1:2379,http://127.0.0.1:22379" for messages.
  std::string Describe() const;
  Counters counters() const;

 private:
  struct Member;
  explicit Client(Options options);
  // POSTs `body` to `path` on the members in turn; the answer's JSON.
  core::StatusOr<std::string> Post(std::string_view path, const std::string& body);
  core::Status Authenticate(Member& member);

  Options options_;
  std::vector<std::unique_ptr<Member>> members_;
  std::atomic<std::size_t> preferred_{0};
  mutable std::mutex mu_;
  std::string token_;  // under mu_
  std::atomic<long long> ranges_{0}, txns_{0}, leases_{0}, failovers_{0};
};

}  // namespace deskops::state::etcd
