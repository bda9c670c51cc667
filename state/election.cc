#include "state/election.h"

#include <unistd.h>

#include <nlohmann/json.hpp>
#include <random>

#include "core/strings.h"

namespace deskops::state {

using core::Status;
using core::StrCat;
using nlohmann::json;

namespace {

std::string RandomNonce() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned long long> dist;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", dist(rd));
  return buf;
}

// The leader key's value: who, since when, on which lease, and this process's nonce.
struct KeyValue {
  LeaderInfo info;
  std::string nonce;
};

KeyValue ParseLeader(const etcd::KeyValue& kv) {
  KeyValue out;
  json j = json::parse(kv.value, nullptr, false);
  // Anyone with access to etcd can write the key: a member of another type reads as absent.
  auto text = [&j](const char* name) {
    const auto it = j.find(name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (j.is_object()) {
    out.info.identity = text("identity");
    out.info.since = text("since");
    out.nonce = text("nonce");
  }
  if (out.info.identity.empty()) out.info.identity = "an unknown process";
  out.info.lease = kv.lease;
  out.info.revision = kv.create_revision;
  return out;
}

constexpr auto kRetryRenewal = std::chrono::milliseconds(500);

}  // namespace

std::chrono::milliseconds Election::Margin(std::chrono::seconds ttl) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(ttl);
  return std::min(std::max(std::chrono::milliseconds(1000), ms / 5), ms / 2);
}

std::chrono::milliseconds Election::RenewEvery(std::chrono::seconds ttl) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(ttl) / 3;
}

std::string Election::DefaultIdentity() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return StrCat("pid ", ::getpid(), " on ", host);
}

core::StatusOr<std::optional<LeaderInfo>> Election::Read(etcd::Client& client,
                                                         const std::string& key) {
  DESKOPS_ASSIGN_OR_RETURN(etcd::RangeResult held, client.Range(key));
  if (held.kvs.empty()) return std::optional<LeaderInfo>();
  return std::optional<LeaderInfo>(ParseLeader(held.kvs.front()).info);
}

Election::Election(etcd::Client& client, ElectionOptions options, const core::Clock& clock)
    : client_(client), options_(std::move(options)), clock_(clock), nonce_(RandomNonce()) {}

Election::~Election() { StopRenewing(); }

void Election::StopRenewing() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  if (renewer_.joinable() && renewer_.get_id() != std::this_thread::get_id()) renewer_.join();
}

std::string Election::Value(long long lease) const {
  return json{{"identity", options_.identity},
              {"nonce", nonce_},
              {"since", core::FormatRfc3339(clock_.Now())},
              {"lease", std::to_string(lease)}}
      .dump();
}

core::StatusOr<bool> Election::Campaign() {
  if (leading()) return true;
  DESKOPS_ASSIGN_OR_RETURN(etcd::RangeResult held, client_.Range(options_.key));
  if (!held.kvs.empty()) {
    KeyValue holder = ParseLeader(held.kvs.front());
    if (holder.nonce == nonce_) {
      // This process's own key from an earlier term that ended while etcd could not be reached:
      // the key outlived it, so nobody led in between. Lead again on that lease if it is alive.
      const auto sent = clock_.Monotonic();
      auto ttl = client_.KeepAlive(holder.info.lease);
      if (ttl.ok() && *ttl > 0) return Won(holder.info.lease, holder.info.revision, sent);
    }
    std::lock_guard lock(mu_);
    leader_ = holder.info;
    return false;
  }
  // The lease counts from the grant: the time before it is sent is an earlier bound of its start.
  const auto sent = clock_.Monotonic();
  DESKOPS_ASSIGN_OR_RETURN(long long lease, client_.Grant(options_.ttl));
  const etcd::Compare absent{options_.key, etcd::Compare::Target::kCreate,
                             etcd::Compare::Result::kEqual, 0};
  auto txn = client_.Txn({absent}, {etcd::Op::Put(options_.key, Value(lease), lease)},
                         {etcd::Op::Get(options_.key)});
  if (!txn.ok()) {
    (void)client_.Revoke(lease);
    return txn.status();
  }
  if (txn->succeeded) return Won(lease, txn->revision, sent);
  if (!txn->ranges.empty() && !txn->ranges.front().kvs.empty()) {
    KeyValue holder = ParseLeader(txn->ranges.front().kvs.front());
    // A put of ours that was applied though its answer was lost (sent again to another member).
    if (holder.nonce == nonce_ && holder.info.lease == lease) {
      return Won(lease, holder.info.revision, sent);
    }
    std::lock_guard lock(mu_);
    leader_ = holder.info;
  }
  (void)client_.Revoke(lease);
  return false;
}

bool Election::Won(long long lease, long long revision, core::Clock::MonoTime renewed) {
  // The previous term's renewer has ended, or ends now that the term changes.
  {
    std::lock_guard lock(mu_);
    ++term_;
    cv_.notify_all();
  }
  if (renewer_.joinable()) renewer_.join();
  std::lock_guard lock(mu_);
  leading_ = true;
  stop_ = false;
  const long long term = ++term_;
  lease_ = lease;
  revision_ = revision;
  renewed_ = renewed;
  leader_ = {options_.identity, core::FormatRfc3339(clock_.Now()), lease, revision};
  lost_why_.clear();
  renewer_ = std::thread([this, term] { Renew(term); });
  return true;
}

Status Election::MayAct() const {
  std::lock_guard lock(mu_);
  if (!leading_) {
    return Status::FailedPrecondition(lost_why_.empty()
                                          ? std::string("this process does not lead")
                                          : StrCat("this process no longer leads: ", lost_why_));
  }
  const auto valid_until = renewed_ + options_.ttl - Margin(options_.ttl);
  const auto now = clock_.Monotonic();
  if (now >= valid_until) {
    const auto ago = std::chrono::duration_cast<std::chrono::milliseconds>(now - renewed_);
    return Status::FailedPrecondition(StrCat("the leadership lease may have expired (last renewed ",
                                             ago.count() / 1000.0, " s ago; TTL ",
                                             options_.ttl.count(), " s)"));
  }
  return Status::Ok();
}

bool Election::leading() const {
  std::lock_guard lock(mu_);
  return leading_;
}

LeaderInfo Election::leader() const {
  std::lock_guard lock(mu_);
  return leader_;
}

long long Election::revision() const {
  std::lock_guard lock(mu_);
  return leading_ ? revision_ : 0;
}

void Election::set_on_lost(std::function<void(const std::string&)> on_lost) {
  std::lock_guard lock(mu_);
  on_lost_ = std::move(on_lost);
}

void Election::Lose(const std::string& why) {
  std::function<void(const std::string&)> told;
  {
    std::lock_guard lock(mu_);
    if (!leading_) return;
    leading_ = false;
    lost_why_ = why;
    told = on_lost_;
    cv_.notify_all();
  }
  if (told) told(why);
}

void Election::Resign() {
  long long lease = 0;
  {
    std::lock_guard lock(mu_);
    if (leading_) lease = lease_;
    leading_ = false;
    lost_why_ = "it resigned";
    ++term_;
    cv_.notify_all();
  }
  if (renewer_.joinable() && renewer_.get_id() != std::this_thread::get_id()) renewer_.join();
  if (lease != 0) (void)client_.Revoke(lease);
}

void Election::Renew(long long term) {
  const auto every = RenewEvery(options_.ttl);
  core::Clock::MonoTime next;
  long long lease = 0, revision = 0;
  {
    std::lock_guard lock(mu_);
    next = renewed_ + every;
    lease = lease_;
    revision = revision_;
  }
  auto over = [&] { return stop_ || term_ != term || !leading_; };
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, next - clock_.Monotonic(), over);
      if (over()) return;
    }
    const auto sent = clock_.Monotonic();
    auto ttl = client_.KeepAlive(lease);
    if (ttl.ok() && *ttl > 0) {
      auto key = client_.Range(options_.key);
      if (key.ok() && (key->kvs.empty() || key->kvs.front().create_revision != revision)) {
        return Lose("the leader key was deleted, or another process's replaced it");
      }
      std::lock_guard lock(mu_);
      if (over()) return;
      renewed_ = std::max(renewed_, sent);
      next = sent + every;
      continue;
    }
    if (ttl.ok()) return Lose("the lease expired at etcd before this process renewed it");
    bool late = false;
    {
      std::lock_guard lock(mu_);
      late = clock_.Monotonic() >= renewed_ + options_.ttl - Margin(options_.ttl);
    }
    if (late) {
      return Lose(StrCat("the lease could not be renewed in time (", ttl.status().message(), ")"));
    }
    next = clock_.Monotonic() + kRetryRenewal;
  }
}

}  // namespace deskops::state
