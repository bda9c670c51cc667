#include "simulator/control_api.h"

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/body_reader.h"
#include "simulator/handlers.h"
#include "simulator/model_json.h"
#include "simulator/persistence.h"
#include "simulator/resource.h"
#include "simulator/simulator.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

Response Error(int status, std::string message) { return ControlError(status, std::move(message)); }

Response BadRequest(const core::Status& status) {
  return Error(400, std::string(status.message()));
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

}  // namespace

// The object kinds other than desktops: the core stores, then each family's (resource.h).
std::vector<ObjectKind> ControlObjectKinds(std::span<const Resource* const> resources) {
  std::vector<ObjectKind> kinds = {
      StoreKind<Pool>("pools", [](State& s) -> OrderedStore<Pool>& { return s.pools; }),
      StoreKind<User>("users", [](State& s) -> OrderedStore<User>& { return s.users; }),
      StoreKind<Group>("groups", [](State& s) -> OrderedStore<Group>& { return s.groups; }),
      StoreKind<PolicyGroup>(
          "policy_groups", [](State& s) -> OrderedStore<PolicyGroup>& { return s.policy_groups; }),
      StoreKind<AccessPolicy>(
          "access_policies",
          [](State& s) -> OrderedStore<AccessPolicy>& { return s.access_policies; }),
      StoreKind<NamePolicy>("name_policies",
                            [](State& s) -> OrderedStore<NamePolicy>& { return s.name_policies; }),
  };
  // A user deleted by hand leaves its groups too, as 4.8.4 does (user_handlers.cc DeleteUser).
  ObjectKind& users = kinds[1];
  users.change = [change = users.change](State& s, const std::string& method, const std::string& id,
                                         const nlohmann::json& body) {
    if (method == "DELETE" && s.users.Find(id)) {
      for (Group* g : s.groups.All()) std::erase(g->member_ids, id);
    }
    return change(s, method, id, body);
  };
  for (const Resource* resource : resources) {
    for (ObjectKind& kind : resource->object_kinds()) kinds.push_back(std::move(kind));
  }
  return kinds;
}

Response ControlError(int status, std::string message) {
  return ErrorResponse(ApiError(status, core::StrCat("SIM.0", status), std::move(message)),
                       ErrorShape::kBasic);
}

const ObjectKind* ControlApi::FindKind(const std::string& kind) const {
  for (const ObjectKind& k : sim_.object_kinds_) {
    if (k.name == kind) return &k;
  }
  return nullptr;
}

Response ControlApi::UnknownKind() const {
  std::vector<std::string> names = {"desktops"};
  for (const ObjectKind& k : sim_.object_kinds_) names.push_back(k.name);
  return Error(404, core::StrCat("kind is one of ", core::Join(names, ", ")));
}

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
  const ObjectKind* k = FindKind(kind);
  return k ? k->change(s, method, id, *body) : UnknownKind();
}

Response ControlApi::Bulk(const std::string& kind, const Json& body) {
  if (kind == "desktops") return BulkDesktops(body);
  const Json* objects = body.is_object() && body.contains("objects") ? &body["objects"] : nullptr;
  if (!objects || !objects->is_array()) return Error(400, "{\"objects\": [...]}");
  std::lock_guard lock(sim_.mu_);
  State& s = sim_.state_;
  sim_.dirty_ = true;
  const ObjectKind* k = FindKind(kind);
  return k ? k->bulk(s, *objects) : UnknownKind();
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

// GET shows the access key (never the secret key); PUT {"ak": ..., "sk": ...} replaces the pair,
// after which requests signed with the old one get 401 APIGW.0303.
Response ControlApi::Credentials(const std::string& method, const Json& body) {
  if (method == "PUT") {
    const auto ak = body.find("ak"), sk = body.find("sk");
    if (ak == body.end() || sk == body.end() || !ak->is_string() || !sk->is_string() ||
        ak->get<std::string>().empty() || sk->get<std::string>().empty()) {
      return Error(400, "expected {\"ak\": \"...\", \"sk\": \"...\"}");
    }
    sim_.auth_.SetKeys(ak->get<std::string>(), sk->get<std::string>());
  } else if (method != "GET") {
    return Error(405, "GET or PUT");
  }
  return JsonResponse(200, Json{{"ak", sim_.auth_.credentials().access_key}});
}

Response ControlApi::Handle(const Request& request) {
  std::vector<std::string> parts = Router::SplitPath(request.path);
  std::string what = parts.size() > 1 ? parts[1] : "";
  const std::string& m = request.method;
  if (what == "objects") return Objects(request, parts);
  auto body = ParseJsonBody(request.body, true);
  if (!body.ok()) return BadRequest(body.status());
  if (what == "stats" && m == "GET") return JsonResponse(200, sim_.stats_.ToJson());
  if (what == "requests" && m == "GET") return JsonResponse(200, sim_.stats_.LogJson());
  if (what == "stats" && m == "DELETE") {
    sim_.stats_.Clear();
    return EmptyResponse(204);
  }
  if (what == "bulk" && parts.size() == 3 && m == "POST") return Bulk(parts[2], *body);
  if (what == "credentials") return Credentials(m, *body);
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
