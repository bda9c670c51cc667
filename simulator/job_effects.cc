#include "simulator/job_effects.h"

#include <algorithm>
#include <set>

#include "core/strings.h"
#include "simulator/model_json.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

const Json& Param(const Job& job, const char* key) {
  static const Json kEmpty = Json::object();
  if (!job.effect.is_object()) return kEmpty;
  auto it = job.effect.find(key);
  return it == job.effect.end() ? kEmpty : *it;
}

// The per-desktop parameters of `key` ({"<desktop id>": ...}) for desktop `id`.
const Json* ForDesktop(const Job& job, const char* key, const std::string& id) {
  const Json& map = Param(job, key);
  auto it = map.find(id);
  return it == map.end() ? nullptr : &*it;
}

// Status is indexed (list filters scan a packed copy): it changes through the store.
void SetStatus(State& state, Desktop* d, std::string status) {
  state.desktops.Modify(d, [&](Desktop& x) { x.status = std::move(status); });
}

std::string PowerResult(const std::string& op_type, const std::string& current) {
  if (op_type == "os-start" || op_type == "reboot") return "ACTIVE";
  if (op_type == "os-stop") return "SHUTOFF";
  if (op_type == "os-hibernate" || op_type == "hibernate") return "HIBERNATED";
  return current;
}

void Attach(State& state, Desktop* d, const Json& p) {
  std::vector<AttachedUser> users = p.value("users", std::vector<AttachedUser>{});
  // A new name renames the desktop (and its OS host name); its own name changes nothing. Looked
  // up before Modify, which unindexes the desktop (its own name would look free).
  std::string name = p.value("computer_name", "");
  bool rename = !name.empty() && !core::EqualsIgnoreCase(name, d->computer_name) &&
                !state.desktops.FindByName(name);
  state.desktops.Modify(d, [&](Desktop& x) {
    x.users = users;
    if (rename) x.computer_name = x.os_host_name = name;
  });
  if (!users.empty()) d->user_group = users.front().user_group;
  d->attach_state = users.empty() ? "UNATTACH" : "ATTACHED";
}

void Detach(State& state, Desktop* d, const Json& p, bool shutoff) {
  std::vector<std::string> names = p.value("users", std::vector<std::string>{});
  bool all = p.value("all", true);
  state.desktops.Modify(d, [&](Desktop& x) {
    std::erase_if(x.users, [&](const AttachedUser& u) {
      return all || std::find(names.begin(), names.end(), u.user_name) != names.end();
    });
  });
  d->attach_state = d->users.empty() ? "DEATTACHED" : "ATTACHED";
  if (d->users.empty()) d->user_group.clear();
  if (shutoff) SetStatus(state, d, "SHUTOFF");
}

void ChangeVolumes(State& state, Desktop* d, const Job& job, std::int64_t now_ms) {
  const Json* add = ForDesktop(job, "add", d->id);
  const Json* remove = ForDesktop(job, "delete", d->id);
  const Json* expand = ForDesktop(job, "expand", d->id);
  state.desktops.Modify(d, [&](Desktop& x) {
    if (add) {
      for (const Json& v : *add) {
        x.data.push_back(MakeVolume(state, x, v.value("type", "SAS"), v.value("size", 10), now_ms));
      }
    }
    if (remove) {
      std::vector<std::string> ids = remove->get<std::vector<std::string>>();
      std::erase_if(x.data, [&](const Volume& v) {
        return std::find(ids.begin(), ids.end(), v.volume_id) != ids.end() ||
               std::find(ids.begin(), ids.end(), v.id) != ids.end();
      });
    }
    if (expand) {
      for (const Json& e : *expand) {
        std::string id = e.value("volume_id", "");
        int size = e.value("new_size", 0);
        if (x.root.volume_id == id || x.root.id == id) x.root.size = std::max(x.root.size, size);
        for (Volume& v : x.data) {
          if (v.volume_id == id || v.id == id) v.size = std::max(v.size, size);
        }
      }
    }
  });
}

void ApplyToPool(State& state, const Job& job, const std::string& kind) {
  Pool* pool = state.pools.Find(job.pool_id);
  if (!pool) return;
  if (kind == "pool_resize") {
    pool->product_id = Param(job, "product_id").get<std::string>();
    pool->flavor_id = job.effect.value("flavor_id", "");
  }
  if (kind == "pool_rebuild") {
    pool->image_id = Param(job, "image_id").get<std::string>();
    pool->image_type = job.effect.value("image_type", pool->image_type);
  }
  if (kind == "volumes" && job.effect.contains("pool_volumes")) {
    pool->data_volumes = Param(job, "pool_volumes").get<std::vector<PoolVolume>>();
  }
}

void ApplyToDesktop(State& state, const Job& job, const std::string& kind, Desktop* d,
                    std::int64_t now_ms) {
  // What restarts, stops, rebuilds, resizes or re-assigns a desktop ends its user's session.
  static const std::set<std::string> kEndsSession = {
      "power", "resize", "pool_resize", "rebuild", "pool_rebuild", "attach", "detach", "network"};
  if (kEndsSession.count(kind)) d->session.clear();
  if (kind == "create_desktops") {
    SetStatus(state, d, "ACTIVE");
    d->attach_state = d->users.empty() ? "UNATTACH" : "ATTACHED";
  } else if (kind == "delete_desktops") {
    std::vector<AttachedUser> users = d->users;
    state.desktops.Remove(d->id);
    if (Param(job, "delete_users") == true) DeleteUsersWithoutDesktops(state, users);
  } else if (kind == "power") {
    SetStatus(state, d, PowerResult(Param(job, "op_type").get<std::string>(), d->status));
  } else if (kind == "resize" || kind == "pool_resize") {
    std::string product = Param(job, "product_id").get<std::string>();
    // Stopped for the resize (mode STOP_DESKTOP, L7095) and back in its former power state.
    state.desktops.Modify(d, [&](Desktop& x) { x.product_id = product; });
  } else if (kind == "rebuild" || kind == "pool_rebuild") {
    d->image_id = Param(job, "image_id").get<std::string>();
    d->image_type = job.effect.value("image_type", d->image_type);
    SetStatus(state, d, "ACTIVE");
  } else if (kind == "attach") {
    if (const Json* p = ForDesktop(job, "desktops", d->id)) {
      Attach(state, d, *p);
      d->user_email = p->value("user_email", "");
    }
    if (job.effect.contains("image_id")) d->image_id = Param(job, "image_id").get<std::string>();
    d->image_type = job.effect.value("image_type", d->image_type);
  } else if (kind == "detach") {
    if (const Json* p = ForDesktop(job, "desktops", d->id)) {
      Detach(state, d, *p, Param(job, "shutoff") == true);
    }
  } else if (kind == "privilege") {
    const Json* p = ForDesktop(job, "desktops", d->id);
    for (AttachedUser& u : d->users) {
      u.user_group = p ? p->value(u.user_name, u.user_group) : u.user_group;
    }
    if (!d->users.empty()) d->user_group = d->users.front().user_group;
  } else if (kind == "network") {
    d->subnet_id = Param(job, "subnet_id").get<std::string>();
    if (Param(job, "security_group_ids").is_array()) {
      d->security_group_ids = Param(job, "security_group_ids").get<std::vector<std::string>>();
    }
    if (const Json* ip = ForDesktop(job, "ips", d->id)) d->ip = ip->get<std::string>();
  } else if (kind == "volumes") {
    ChangeVolumes(state, d, job, now_ms);
  } else if (kind == "sids") {
    d->sid = state.NewUuid();
  }
}

void MarkFailure(State& state, const std::string& kind, Desktop* d) {
  if (kind == "create_desktops") {
    SetStatus(state, d, "ERROR");
    d->attach_state = d->users.empty() ? "UNATTACH" : "ATTACHFAIL";
  } else if (kind == "delete_desktops") {
    d->task_status = "deleteFailed";
  } else if (kind == "attach") {
    d->attach_state = "ATTACHFAIL";
  } else if (kind == "detach") {
    d->attach_state = "DEATTACHFAIL";
  }
}

}  // namespace

// delete_users: "if the current user does not have other desktops, the desktop user can be
// deleted" (L5662, L6223).
void DeleteUsersWithoutDesktops(State& state, const std::vector<AttachedUser>& users) {
  for (const AttachedUser& a : users) {
    if (a.type != "USER" || state.desktops.CountForUser(a.user_name) > 0) continue;
    if (User* u = state.FindUserByName(a.user_name)) {
      for (Group* g : state.groups.All()) std::erase(g->member_ids, u->id);
      state.users.Remove(u->id);
    }
  }
}

Volume MakeVolume(State& state, Desktop& desktop, std::string type, int size, std::int64_t now_ms) {
  Volume v;
  v.id = state.NewHexId();
  v.volume_id = state.NewUuid();
  v.type = std::move(type);
  v.size = size;
  v.index = desktop.next_volume_index++;
  v.created_ms = now_ms;
  return v;
}

void ApplyJobEffect(State& state, const Job& job, bool success, std::int64_t now_ms) {
  std::string kind = job.effect.is_object() ? job.effect.value("kind", "") : "";
  if (success) ApplyToPool(state, job, kind);
  for (const SubJob& sub : job.subs) {
    Desktop* d = state.desktops.Find(sub.desktop_id);
    if (!d || d->job_id != job.id) continue;
    d->task_status.clear();
    if (success) {
      ApplyToDesktop(state, job, kind, d, now_ms);
    } else {
      MarkFailure(state, kind, d);
    }
  }
}

}  // namespace deskops::simulator
