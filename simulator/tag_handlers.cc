// Desktop tags, 4.6.1-4.6.8. All writes are synchronous (204).
#include <algorithm>
#include <map>
#include <set>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/handlers.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

Json TagsJson(const std::vector<Tag>& tags) {
  Json out = Json::array();
  for (const Tag& t : tags) out.push_back({{"key", t.key}, {"value", t.value}});
  return out;
}

// "If a to-be-created tag has the same key as an existing tag, the tag will be created and
// overwrite the existing one." (L15474)
core::Status AddTags(Desktop* d, const std::vector<Tag>& tags) {
  std::vector<Tag> merged = d->tags;
  for (const Tag& t : tags) {
    auto it =
        std::find_if(merged.begin(), merged.end(), [&](const Tag& x) { return x.key == t.key; });
    if (it != merged.end())
      it->value = t.value;
    else
      merged.push_back(t);
  }
  if (merged.size() > kMaxTagsPerDesktop) {
    return ApiError(400, "WKS.0566", "A maximum of 10 tags can be added to each desktop.");
  }
  d->tags = std::move(merged);
  return core::Status::Ok();
}

void RemoveTags(Desktop* d, const std::vector<Tag>& tags) {
  std::erase_if(d->tags, [&](const Tag& x) {
    return std::any_of(tags.begin(), tags.end(), [&](const Tag& t) { return t.key == x.key; });
  });
}

// 4.6.7/4.6.8 body: desktops[{desktop_id, tags}], at most 100 desktops; "Invalid desktop IDs are
// filtered out during batch operations." (L16239)
core::StatusOr<std::vector<std::pair<Desktop*, std::vector<Tag>>>> ReadBatch(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::vector<std::pair<Desktop*, std::vector<Tag>>> out;
  r.ForEach("desktops", Need::kRequired, 100, [&](BodyReader& item, std::size_t) {
    std::string id = item.Str("desktop_id", Need::kRequired).value_or("");
    item.Array("tags", Need::kRequired);
    auto tags = ReadTags(item, "tags");
    if (!tags.ok()) return tags.status();
    if (Desktop* d = ctx.state.desktops.Find(id)) out.emplace_back(d, std::move(*tags));
    return item.status();
  });
  if (!r.ok()) return r.status();
  return out;
}

bool MatchesAll(const Desktop& d, const Json& groups, bool any) {
  // groups: [{key, values[]}]; a desktop matches a group when it has the key with one of the
  // values (or any value when values is empty).
  bool all = true, one = false;
  for (const Json& g : groups) {
    std::string key = g.value("key", "");
    std::vector<std::string> values = g.value("values", std::vector<std::string>{});
    bool hit = std::any_of(d.tags.begin(), d.tags.end(), [&](const Tag& t) {
      return t.key == key &&
             (values.empty() || std::find(values.begin(), values.end(), t.value) != values.end());
    });
    all = all && hit;
    one = one || hit;
  }
  return any ? one : all;
}

}  // namespace

core::StatusOr<Response> ListDesktopTags(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Desktop * d, PathDesktop(ctx));
  return JsonResponse(200, {{"tags", TagsJson(d->tags)}});
}

core::StatusOr<Response> CreateDesktopTag(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Desktop * d, PathDesktop(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  const Json* tag = r.Object("tag", Need::kRequired);
  if (!r.ok()) return r.status();
  BodyReader t(*tag, "tag");
  Tag value{t.Str("key", Need::kRequired).value_or(""), t.Str("value").value_or("")};
  if (!t.ok()) return t.status();
  DESKOPS_RETURN_IF_ERROR(ValidateTag(value));
  DESKOPS_RETURN_IF_ERROR(AddTags(d, {value}));
  return EmptyResponse(204);
}

core::StatusOr<Response> DeleteDesktopTag(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Desktop * d, PathDesktop(ctx));
  // "If the tag to be deleted does not exist, the deletion is considered successful." (L15618)
  RemoveTags(d, {Tag{ctx.Param("key"), ""}});
  return EmptyResponse(204);
}

core::StatusOr<Response> ListProjectTags(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Page page,
                           ParsePage(ctx.query, {.default_limit = 1000, .max_limit = 1000}));
  std::optional<std::string> key = ctx.query.Get("key");
  std::map<std::string, std::set<std::string>> keys;
  for (const auto& d : ctx.state.desktops.ordered()) {
    for (const Tag& t : d->tags) {
      if (!key || t.key == *key) keys[t.key].insert(t.value);
    }
  }
  Json tags = Json::array();
  std::size_t index = 0;
  auto [begin, end] = page.Window(keys.size());
  for (const auto& [k, values] : keys) {
    if (index >= begin && index < end) {
      tags.push_back(
          {{"key", k}, {"values", std::vector<std::string>(values.begin(), values.end())}});
    }
    ++index;
  }
  // The only camelCase total in the API (L15766).
  return JsonResponse(200, {{"tags", tags}, {"totalCount", keys.size()}});
}

core::StatusOr<Response> DesktopTagsAction(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Desktop * d, PathDesktop(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::string action = r.Enum("action", Need::kOptional, {"create", "delete"}).value_or("create");
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Tag> tags, ReadTags(r, "tags"));
  auto sys_tags = ReadTags(r, "sys_tags");  // "(discarded)" (L15902), still validated
  if (!sys_tags.ok()) return sys_tags.status();
  if (!r.ok()) return r.status();
  if (action == "create")
    DESKOPS_RETURN_IF_ERROR(AddTags(d, tags));
  else
    RemoveTags(d, tags);
  return EmptyResponse(204);
}

core::StatusOr<Response> FilterDesktopsByTag(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  // offset and limit are Strings in this body (L16036-16037); numbers are accepted too.
  std::int64_t offset = r.Int("offset", Need::kOptional, 0).value_or(0);
  std::int64_t limit = r.Int("limit", Need::kOptional, 0, 1000).value_or(1000);
  std::string action = r.Enum("action", Need::kRequired, {"filter", "count"}).value_or("");
  bool without_any = r.Bool("without_any_tag").value_or(false);
  Json matches = r.Has("matches") ? body["matches"] : Json::array();
  for (const char* key : {"tags", "tags_any", "not_tags", "not_tags_any", "matches"}) r.Array(key);
  if (!r.ok()) return r.status();
  std::string name_match;
  for (const Json& m : matches) {
    if (!m.is_object() || m.value("value", "").empty()) {
      return ApiError(400, "WKS.0560", "The value of matches cannot be left empty.");  // L50604
    }
    if (m.value("key", "") == "resource_name") name_match = m.value("value", "");
  }
  auto list = [&](const char* key) { return body.contains(key) ? body[key] : Json::array(); };
  std::vector<const Desktop*> hits;
  for (const auto& d : ctx.state.desktops.ordered()) {
    if (without_any && !d->tags.empty()) continue;
    if (!name_match.empty() && !Fuzzy(d->computer_name, name_match)) continue;  // fuzzy: L16054
    if (!list("tags").empty() && !MatchesAll(*d, list("tags"), false)) continue;
    if (!list("tags_any").empty() && !MatchesAll(*d, list("tags_any"), true)) continue;
    if (!list("not_tags").empty() && MatchesAll(*d, list("not_tags"), false)) continue;
    if (!list("not_tags_any").empty() && MatchesAll(*d, list("not_tags_any"), true)) continue;
    hits.push_back(d.get());
  }
  if (action == "count") return JsonResponse(200, {{"total_count", hits.size()}});
  Json resources = Json::array();
  for (std::size_t i = static_cast<std::size_t>(offset);
       i < hits.size() && resources.size() < static_cast<std::size_t>(limit); ++i) {
    resources.push_back({{"resource_detail", ""},
                         {"resource_id", hits[i]->id},
                         {"resource_name", hits[i]->computer_name},
                         {"tags", TagsJson(hits[i]->tags)}});
  }
  return JsonResponse(200,
                      {{"offset", offset}, {"resources", resources}, {"total_count", hits.size()}});
}

core::StatusOr<Response> BatchCreateTags(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(auto batch, ReadBatch(ctx));
  std::vector<std::vector<Tag>> saved;
  for (const auto& item : batch) saved.push_back(item.first->tags);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    core::Status added = AddTags(batch[i].first, batch[i].second);
    if (added.ok()) continue;
    for (std::size_t j = i + 1; j-- > 0;) batch[j].first->tags = saved[j];  // all or nothing
    return added;
  }
  return EmptyResponse(204);
}

core::StatusOr<Response> BatchDeleteTags(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(auto batch, ReadBatch(ctx));
  for (auto& [d, tags] : batch) RemoveTags(d, tags);
  return EmptyResponse(204);
}

}  // namespace deskops::simulator
