#include "simulator/persistence.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/strings.h"
#include "simulator/model_json.h"

namespace deskops::simulator {
namespace {

template <class T>
nlohmann::json All(const OrderedStore<T>& store) {
  nlohmann::json out = nlohmann::json::array();
  for (const T* item : store.All()) out.push_back(*item);
  return out;
}

template <class T>
void Load(const nlohmann::json& snapshot, const char* key, OrderedStore<T>* store) {
  for (const auto& item : snapshot.value(key, nlohmann::json::array())) {
    store->Add(item.get<T>());
  }
}

core::Status Errno(std::string_view what, const std::string& path) {
  return core::Status::Unavailable(core::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

nlohmann::json Snapshot(const State& state, const JobEngine& jobs) {
  nlohmann::json desktops = nlohmann::json::array();
  for (const auto& d : state.desktops.ordered()) desktops.push_back(*d);
  nlohmann::json quotas = nlohmann::json::object();
  for (const QuotaLimit& q : state.catalog().quotas) quotas[q.type] = state.QuotaLimit(q.type);
  nlohmann::json snapshot = {{"version", kSnapshotVersion},
                             {"desktops", desktops},
                             {"pools", All(state.pools)},
                             {"users", All(state.users)},
                             {"groups", All(state.groups)},
                             {"policy_groups", All(state.policy_groups)},
                             {"access_policies", All(state.access_policies)},
                             {"name_policies", All(state.name_policies)},
                             {"jobs", All(state.jobs)},
                             {"quotas", quotas},
                             {"next_ip", state.next_ip},
                             {"progression", ProgressionConfigToJson(jobs.progression())}};
  // Each resource family's part under its name (resource.h).
  for (const State::Extension& ext : state.extensions()) snapshot[ext.name] = ext.state->Snapshot();
  return snapshot;
}

core::Status Restore(const nlohmann::json& snapshot, State* state, JobEngine* jobs) {
  if (!snapshot.is_object() || snapshot.value("version", 0) != kSnapshotVersion) {
    return core::Status::InvalidArgument(
        core::StrCat("state: not a version ", kSnapshotVersion, " snapshot"));
  }
  try {
    state->Reset();
    jobs->Clear();
    for (const auto& d : snapshot.value("desktops", nlohmann::json::array())) {
      state->desktops.Add(d.get<Desktop>());
    }
    Load(snapshot, "pools", &state->pools);
    Load(snapshot, "users", &state->users);
    Load(snapshot, "groups", &state->groups);
    Load(snapshot, "policy_groups", &state->policy_groups);
    Load(snapshot, "access_policies", &state->access_policies);
    Load(snapshot, "name_policies", &state->name_policies);
    Load(snapshot, "jobs", &state->jobs);
    nlohmann::json quotas = snapshot.value("quotas", nlohmann::json::object());
    for (const auto& [type, limit] : quotas.items()) {
      state->SetQuotaLimit(type, limit.get<std::int64_t>());
    }
    state->next_ip = snapshot.value("next_ip", std::map<std::string, std::uint32_t>{});
    if (snapshot.contains("progression")) {
      DESKOPS_ASSIGN_OR_RETURN(jobs->progression(),
                               ProgressionConfigFromJson(snapshot["progression"]));
    }
    // A family missing from the snapshot (saved before it was added) keeps its seeded content.
    for (const State::Extension& ext : state->extensions()) {
      if (snapshot.contains(ext.name)) ext.state->Restore(snapshot[ext.name]);
    }
  } catch (const nlohmann::json::exception& e) {
    state->Reset();
    return core::Status::InvalidArgument(core::StrCat("state: ", e.what()));
  }
  jobs->Reschedule();
  return core::Status::Ok();
}

core::Status WriteFileAtomically(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("cannot create", tmp);
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return Errno("cannot write", tmp);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return Errno("cannot fsync", tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Errno("cannot rename to", path);
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/') + 1);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return core::Status::Ok();
}

core::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Status::NotFound(core::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace deskops::simulator
