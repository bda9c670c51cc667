#include "simulator/control_api.h"

#include <set>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/body_reader.h"
#include "simulator/handlers.h"
#include "simulator/model_json.h"
#include "simulator/persistence.h"
#include "simulator/simulator.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

Response Error(int status, std::string message) {
  return ErrorResponse(ApiError(status, core::StrCat("SIM.0", status), std::move(message)),
                       ErrorShape::kBasic);
}

Response BadRequest(const core::Status& status) {
  return Error(400, std::string(status.message()));
}

// Out-of-band changes: a JSON merge patch over the object's simulator representation
// (model_json.h), as if someone had changed it in the console.
template <class T>
Response PatchStored(T* object, const Json& patch) {
  Json current = *object;
  current.merge_patch(patch);
  current["id"] = object->id;
  try {
    *object = current.template get<T>();
  } catch (const Json::exception& e) {
    return Error(400, e.what());
  }
  return JsonResponse(200, *object);
}

template <class T>
Response CreateStored(OrderedStore<T>* store, State& state, Json body) {
  if (!body.contains("id")) body["id"] = state.NewHexId();
  try {
    T object = body.template get<T>();
    if (store->Find(object.id)) return Error(409, "an object with this id exists");
    return JsonResponse(201, *store->Add(std::move(object)));
  } catch (const Json::exception& e) {
    return Error(400, e.what());
  }
}

template <class T>
Response ChangeStored(OrderedStore<T>* store, State& state, const std::string& method,
                      const std::string& id, const Json& body) {
  if (method == "POST") return CreateStored(store, state, body);
  T* object = store->Find(id);
  if (!object) return Error(404, core::StrCat("no object ", id));
  if (method == "DELETE") {
    store->Remove(id);
    return EmptyResponse(204);
  }
  return PatchStored(object, body);
}

Response ChangeDesktop(State& state, const std::string& method, const std::string& id,
                       const Json& body) {
  if (method == "POST") {
    Json doc = body;
    if (!doc.contains("id")) doc["id"] = state.NewUuid();
    try {
      Desktop d = doc.get<Desktop>();
      if (state.desktops.Find(d.id)) return Error(409, "a desktop with this id exists");
      return JsonResponse(201, *state.desktops.Add(std::move(d)));
    } catch (const Json::exception& e) {
      return Error(400, e.what());
    }
  }
  Desktop* d = state.desktops.Find(id);
  if (!d) return Error(404, core::StrCat("no desktop ", id));
  if (method == "DELETE") {
    state.desktops.Remove(id);
    return EmptyResponse(204);
  }
  Json current = *d;
  current.merge_patch(body);
  current["id"] = d->id;
  try {
    Desktop patched = current.get<Desktop>();
    state.desktops.Modify(d, [&](Desktop& x) {
      std::uint64_t seq = x.seq;
      x = std::move(patched);
      x.seq = seq;
    });
  } catch (const Json::exception& e) {
    return Error(400, e.what());
  }
  return JsonResponse(200, *d);
}

// Calls `f` with the store of `kind` (other than desktops), or returns a 404 when there is none.
template <class F>
Response WithStore(State& s, const std::string& kind, F f) {
  if (kind == "pools") return f(&s.pools);
  if (kind == "users") return f(&s.users);
  if (kind == "groups") return f(&s.groups);
  if (kind == "policy_groups") return f(&s.policy_groups);
  if (kind == "access_policies") return f(&s.access_policies);
  if (kind == "name_policies") return f(&s.name_policies);
  return Error(404,
               "kind is one of desktops, pools, users, groups, policy_groups, "
               "access_policies, name_policies");
}

// Many objects of one kind, each as POST /_sim/objects/{kind} takes it; all or none.
template <class T>
Response BulkStored(OrderedStore<T>* store, State& state, const Json& objects) {
  std::vector<T> parsed;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    Json doc = objects[i];
    if (!doc.is_object()) return Error(400, core::StrCat("objects[", i, "]: an object"));
    if (!doc.contains("id")) doc["id"] = state.NewHexId();
    try {
      parsed.push_back(doc.template get<T>());
    } catch (const Json::exception& e) {
      return Error(400, core::StrCat("objects[", i, "]: ", e.what()));
    }
    const std::string& id = parsed.back().id;
    if (store->Find(id) || !ids.insert(id).second) {
      return Error(409, core::StrCat("objects[", i, "]: an object with id ", id, " exists"));
    }
  }
  for (T& object : parsed) store->Add(std::move(object));
  return JsonResponse(200, {{"created", parsed.size()}});
}

}  // namespace

Response ControlApi::Objects(const Request& request, const std::vector<std::string>& parts) {
  // parts: {"_sim", "objects", kind[, id]}
  const std::string& method = request.method;
  bool with_id = parts.size() == 4;
  if ((method == "POST") == with_id || parts.size() < 3 || parts.size() > 4) {
    return Error(405, "POST /_sim/objects/{kind}; PATCH or DELETE /_sim/objects/{kind}/{id}");
  }
  auto body = ParseJsonBody(request.body, method == "DELETE");
  if (!body.ok()) return BadRequest(body.status());
  const std::string& kind = parts[2];
  std::string id = with_id ? parts[3] : "";
  std::lock_guard lock(sim_.mu_);
  State& s = sim_.state_;
  sim_.dirty_ = true;
  if (kind == "desktops") return ChangeDesktop(s, method, id, *body);
  return WithStore(s, kind, [&](auto* store) { return ChangeStored(store, s, method, id, *body); });
}

Response ControlApi::Bulk(const std::string& kind, const Json& body) {
  if (kind == "desktops") return BulkDesktops(body);
  const Json* objects = body.is_object() && body.contains("objects") ? &body["objects"] : nullptr;
  if (!objects || !objects->is_array()) return Error(400, "{\"objects\": [...]}");
  std::lock_guard lock(sim_.mu_);
  State& s = sim_.state_;
  sim_.dirty_ = true;
  return WithStore(s, kind, [&](auto* store) { return BulkStored(store, s, *objects); });
}

Response ControlApi::BulkDesktops(const Json& body) {
  int count = body.value("count", 0);
  std::string prefix = body.value("name_prefix", "bulk");
  if (count < 1 || count > 1000000 || prefix.empty() || prefix.size() > 8) {
    return Error(400, "count 1-1000000 and name_prefix of 1-8 characters");
  }
  // Takes the lock itself.
  core::Status s = sim_.BulkLoadDesktops(count, prefix, body.value("pool_id", ""));
  if (!s.ok()) return Error(404, std::string(s.message()));
  return JsonResponse(200, {{"created", count}});
}

Response ControlApi::Faults(const std::string& method, const Json& body) {
  if (method == "PUT") {
    core::Status s = sim_.faults_.Configure(body);
    if (!s.ok()) return BadRequest(s);
  } else if (method == "DELETE") {
    sim_.faults_.Clear();
    return EmptyResponse(204);
  } else if (method != "GET") {
    return Error(405, "GET, PUT or DELETE");
  }
  return JsonResponse(200, sim_.faults_.ToJson());
}

Response ControlApi::Jobs(const std::string& method, const Json& body) {
  if (method == "PUT") {
    auto config = ProgressionConfigFromJson(body);
    if (!config.ok()) return BadRequest(config.status());
    sim_.jobs_.progression() = *config;
  } else if (method != "GET") {
    return Error(405, "GET or PUT");
  }
  return JsonResponse(200, ProgressionConfigToJson(sim_.jobs_.progression()));
}

Response ControlApi::Quotas(const std::string& method, const Json& body) {
  if (method == "PUT") {
    for (const auto& [type, limit] : body.items()) {
      if (!limit.is_number_integer()) return Error(400, core::StrCat(type, ": an integer"));
      sim_.state_.SetQuotaLimit(type, limit.get<std::int64_t>());
    }
    sim_.dirty_ = true;
  } else if (method != "GET") {
    return Error(405, "GET or PUT");
  }
  Json quotas = Json::object();
  for (const QuotaLimit& q : sim_.state_.catalog().quotas) {
    quotas[q.type] = {{"quota", sim_.state_.QuotaLimit(q.type)},
                      {"used", sim_.state_.QuotaUsed(q.type)}};
  }
  return JsonResponse(200, quotas);
}

Response ControlApi::Handle(const Request& request) {
  std::vector<std::string> parts = Router::SplitPath(request.path);
  std::string what = parts.size() > 1 ? parts[1] : "";
  const std::string& m = request.method;
  if (what == "objects") return Objects(request, parts);
  auto body = ParseJsonBody(request.body, true);
  if (!body.ok()) return BadRequest(body.status());
  if (what == "stats" && m == "GET") return JsonResponse(200, sim_.stats_.ToJson());
  if (what == "stats" && m == "DELETE") {
    sim_.stats_.Clear();
    return EmptyResponse(204);
  }
  if (what == "bulk" && parts.size() == 3 && m == "POST") return Bulk(parts[2], *body);
  std::lock_guard lock(sim_.mu_);
  if (what == "state" && m == "GET") return JsonResponse(200, Snapshot(sim_.state_, sim_.jobs_));
  if (what == "reset" && m == "POST") {
    sim_.state_.Reset();
    sim_.jobs_.Clear();
    sim_.jobs_.progression() = sim_.options_.progression;
    sim_.faults_.Clear();
    sim_.dirty_ = true;
    return EmptyResponse(204);
  }
  if (what == "faults") return Faults(m, *body);
  if (what == "jobs") return Jobs(m, *body);
  if (what == "quotas") return Quotas(m, *body);
  return Error(404, core::StrCat("unknown control endpoint ", m, " ", request.path));
}

}  // namespace deskops::simulator
