#pragma once
// Out-of-band object kinds of the control API (POST /_sim/objects/{kind}, PATCH and DELETE
// /_sim/objects/{kind}/{id}, POST /_sim/bulk/{kind}): what an object kind does, and StoreKind<T>,
// which builds one over an OrderedStore<T> of the state. Objects are changed in the simulator's
// own representation (model_json.h, or the family's JSON conversions): a JSON merge patch over the
// object as GET /_sim/state shows it, as if someone had changed it in the console. Called by the
// control API with the Simulator's lock held.

#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/strings.h"
#include "simulator/handlers.h"
#include "simulator/ordered_store.h"
#include "simulator/state.h"

namespace deskops::simulator {

struct ObjectKind {
  std::string name;  // the {kind} of the path: "pools"
  // POST (id empty): create from `body`; PATCH: merge `body` into object `id`; DELETE: remove it.
  std::function<Response(State&, const std::string& method, const std::string& id,
                         const nlohmann::json& body)>
      change;
  // Many objects at once, each as POST takes it; all or none.
  std::function<Response(State&, const nlohmann::json& objects)> bulk;
};

// A control API error: {"error_code": "SIM.0<status>", "error_msg": message, ...}.
Response ControlError(int status, std::string message);

namespace control_objects {

template <class T>
Response Patch(T* object, const nlohmann::json& patch) {
  nlohmann::json current = *object;
  current.merge_patch(patch);
  current["id"] = object->id;
  try {
    *object = current.template get<T>();
  } catch (const nlohmann::json::exception& e) {
    return ControlError(400, e.what());
  }
  return JsonResponse(200, *object);
}

template <class T>
Response Create(OrderedStore<T>& store, State& state, nlohmann::json body) {
  if (!body.contains("id")) body["id"] = state.NewHexId();
  try {
    T object = body.template get<T>();
    if (store.Find(object.id)) return ControlError(409, "an object with this id exists");
    return JsonResponse(201, *store.Add(std::move(object)));
  } catch (const nlohmann::json::exception& e) {
    return ControlError(400, e.what());
  }
}

template <class T>
Response Change(OrderedStore<T>& store, State& state, const std::string& method,
                const std::string& id, const nlohmann::json& body) {
  if (method == "POST") return Create(store, state, body);
  T* object = store.Find(id);
  if (!object) return ControlError(404, core::StrCat("no object ", id));
  if (method == "DELETE") {
    store.Remove(id);
    return EmptyResponse(204);
  }
  return Patch(object, body);
}

template <class T>
Response Bulk(OrderedStore<T>& store, State& state, const nlohmann::json& objects) {
  std::vector<T> parsed;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    nlohmann::json doc = objects[i];
    if (!doc.is_object()) return ControlError(400, core::StrCat("objects[", i, "]: an object"));
    if (!doc.contains("id")) doc["id"] = state.NewHexId();
    try {
      parsed.push_back(doc.template get<T>());
    } catch (const nlohmann::json::exception& e) {
      return ControlError(400, core::StrCat("objects[", i, "]: ", e.what()));
    }
    const std::string& id = parsed.back().id;
    if (store.Find(id) || !ids.insert(id).second) {
      return ControlError(409, core::StrCat("objects[", i, "]: an object with id ", id, " exists"));
    }
  }
  for (T& object : parsed) store.Add(std::move(object));
  return JsonResponse(200, {{"created", parsed.size()}});
}

}  // namespace control_objects

// An object kind over the OrderedStore<T> that `store` finds in the state. T needs JSON
// conversions (to_json/from_json) and a string `id`.
template <class T>
ObjectKind StoreKind(std::string name, OrderedStore<T>& (*store)(State&)) {
  return {std::move(name),
          [store](State& s, const std::string& method, const std::string& id,
                  const nlohmann::json& body) {
            return control_objects::Change(store(s), s, method, id, body);
          },
          [store](State& s, const nlohmann::json& objects) {
            return control_objects::Bulk(store(s), s, objects);
          }};
}

}  // namespace deskops::simulator
