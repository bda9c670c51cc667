#include "daemon/state_backend.h"

#include <cstdlib>

#include "core/files.h"
#include "core/redact.h"
#include "core/strings.h"
#include "daemon/loop/leader_lock.h"
#include "state/election.h"
#include "state/etcd_layout.h"
#include "state/etcd_state_store.h"

namespace deskops::daemon {

using core::Status;
using core::StrCat;

namespace {

class DirectoryBackend final : public StateBackend {
 public:
  explicit DirectoryBackend(std::string dir) : dir_(std::move(dir)) {}

  bool etcd() const override { return false; }
  std::string Describe() const override { return StrCat("state directory ", dir_); }
  std::shared_ptr<reconcilers::StateStore> ReadOnlyStore() override {
    return std::make_shared<reconcilers::ReadOnlyStateStore>(
        std::make_shared<reconcilers::LocalStateStore>(dir_));
  }
  core::StatusOr<bool> TryLead() override {
    if (!lock_) lock_ = std::make_unique<LeaderLock>(dir_);
    return lock_->TryAcquire();
  }
  std::string Leader() const override { return lock_ ? lock_->Holder() : ""; }
  core::StatusOr<std::string> CurrentLeader() override {
    // The lock file names its holder while it is held and is emptied on release (a holder that
    // was killed leaves its name: the kernel dropped the lock, not the text).
    auto text = core::ReadFile(dir_ + "/lock");
    if (!text.ok()) return std::string();
    return std::string(core::Trim(*text));
  }
  std::shared_ptr<reconcilers::StateStore> Store() override {
    return std::make_shared<reconcilers::LocalStateStore>(dir_);
  }
  Status MayAct() const override { return Status::Ok(); }
  void OnLost(std::function<void(const std::string&)>) override {}
  void Resign() override {
    if (lock_) lock_->Release();
  }

 private:
  std::string dir_;
  std::unique_ptr<LeaderLock> lock_;
};

class EtcdBackend final : public StateBackend {
 public:
  EtcdBackend(std::unique_ptr<state::etcd::Client> client, std::string prefix,
              std::chrono::seconds ttl)
      : client_(std::move(client)),
        prefix_(std::move(prefix)),
        election_(*client_,
                  {state::layout::LeaderKey(prefix_), ttl, state::Election::DefaultIdentity()},
                  core::SystemClock()) {}

  bool etcd() const override { return true; }
  std::string Describe() const override {
    return StrCat("etcd prefix ", prefix_, " at ", client_->Describe());
  }
  std::shared_ptr<reconcilers::StateStore> ReadOnlyStore() override {
    return std::make_shared<reconcilers::ReadOnlyStateStore>(
        std::make_shared<state::EtcdStateStore>(*client_, prefix_, std::nullopt));
  }
  core::StatusOr<bool> TryLead() override { return election_.Campaign(); }
  std::string Leader() const override {
    const state::LeaderInfo l = election_.leader();
    if (l.identity.empty()) return "";
    return l.since.empty() ? l.identity : StrCat(l.identity, " since ", l.since);
  }
  core::StatusOr<std::string> CurrentLeader() override {
    DESKOPS_ASSIGN_OR_RETURN(auto l, state::Election::Read(*client_, election_.key()));
    if (!l) return std::string();
    return StrCat(l->identity, " since ", l->since);
  }
  std::shared_ptr<reconcilers::StateStore> Store() override {
    return std::make_shared<state::EtcdStateStore>(
        *client_, prefix_, state::EtcdStateStore::Fence{election_.key(), election_.revision()},
        [this](const std::string& why) { election_.Lose(why); });
  }
  Status MayAct() const override { return election_.MayAct(); }
  void OnLost(std::function<void(const std::string&)> on_lost) override {
    election_.set_on_lost(std::move(on_lost));
  }
  void Resign() override { election_.Resign(); }
  state::etcd::Client* client() override { return client_.get(); }
  std::string prefix() const override { return prefix_; }

 private:
  std::unique_ptr<state::etcd::Client> client_;
  std::string prefix_;
  state::Election election_;
};

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// A credential by reference, else from $<env> or the file named by $<env>_FILE; "" when none.
core::StatusOr<std::string> Secret(const cloud::SecretRef& ref, const std::string& env,
                                   const std::string& what) {
  std::string file = ref.file;
  if (!ref.env.empty()) {
    std::string v = Env(ref.env.c_str());
    if (v.empty()) {
      return Status::NotFound(StrCat(what, ": environment variable ", ref.env, " is not set"));
    }
    return v;
  }
  if (file.empty()) {
    if (std::string v = Env(env.c_str()); !v.empty()) return v;
    file = Env((env + "_FILE").c_str());
  }
  if (file.empty()) return std::string();
  auto text = core::ReadFile(file);
  if (!text.ok()) return Status::NotFound(StrCat("cannot read the ", what, " file ", file));
  return std::string(core::Trim(*text));
}

}  // namespace

core::StatusOr<std::unique_ptr<StateBackend>> StateBackend::Open(const Config& config) {
  const EtcdOptions& e = config.etcd;
  if (!e.enabled()) return std::unique_ptr<StateBackend>(new DirectoryBackend(config.state_dir));
  if (e.prefix.empty()) {
    return Status::InvalidArgument(
        "etcd needs a prefix: --etcd-prefix /deskops/<tenant>/ (state.etcd.prefix), one per "
        "tenant");
  }
  DESKOPS_RETURN_IF_ERROR(state::layout::CheckPrefix(e.prefix));
  if (e.lease_ttl < std::chrono::seconds(3)) {
    return Status::InvalidArgument("the etcd lease TTL must be at least 3s");
  }
  state::etcd::Options o;
  o.endpoints = e.endpoints;
  o.ca_file = e.ca_file;
  o.cert_file = e.cert_file;
  o.key_file = e.key_file;
  DESKOPS_ASSIGN_OR_RETURN(o.username, Secret(e.username, "DESKOPS_ETCD_USERNAME", "etcd user"));
  DESKOPS_ASSIGN_OR_RETURN(o.password,
                           Secret(e.password, "DESKOPS_ETCD_PASSWORD", "etcd password"));
  core::SecretRegistry::Global().Register(o.password);
  if (o.username.empty() != o.password.empty()) {
    return Status::InvalidArgument("an etcd user needs a password, and a password a user");
  }
  // A request must not outlast a renewal period, or a hung one would delay noticing a loss.
  o.request_timeout = std::min<std::chrono::milliseconds>(std::chrono::seconds(5),
                                                          state::Election::RenewEvery(e.lease_ttl));
  DESKOPS_ASSIGN_OR_RETURN(auto client, state::etcd::Client::Connect(std::move(o)));
  return std::unique_ptr<StateBackend>(new EtcdBackend(std::move(client), e.prefix, e.lease_ttl));
}

}  // namespace deskops::daemon
