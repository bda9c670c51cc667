#include "simulator/resources/scheduled_tasks/task_store.h"

#include "simulator/catalog.h"

namespace deskops::simulator {

const std::vector<TimeZone>& DefaultTimeZones() {
  // 4.20.10 documents one zone in its example (L38893-38897); these are common zones written the
  // same way. One fixed offset per zone, as 4.20.10 gives it.
  static const std::vector<TimeZone> kZones = [] {
    struct Row {
      const char *offset, *name, *places, *places_cn;
    };
    static const Row rows[] = {
        {"GMT-08:00", "America/Los_Angeles", "Pacific Time (US and Canada)",
         "太平洋时间（美国和加拿大）"},
        {"GMT-05:00", "America/New_York", "Eastern Time (US and Canada)",
         "东部时间（美国和加拿大）"},
        {"GMT-03:00", "America/Sao_Paulo", "Brasilia", "巴西利亚"},
        {"GMT+00:00", "UTC", "Coordinated Universal Time", "协调世界时"},
        {"GMT+00:00", "Europe/London", "Dublin, Edinburgh, Lisbon, London",
         "都柏林，爱丁堡，里斯本，伦敦"},
        {"GMT+01:00", "Europe/Paris", "Brussels, Copenhagen, Madrid, Paris",
         "布鲁塞尔，哥本哈根，马德里，巴黎"},
        {"GMT+01:00", "Europe/Berlin", "Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
         "阿姆斯特丹，柏林，伯尔尼，罗马，斯德哥尔摩，维也纳"},
        {"GMT+02:00", "Africa/Johannesburg", "Harare, Pretoria", "哈拉雷，比勒陀利亚"},
        {"GMT+03:00", "Europe/Moscow", "Moscow, St. Petersburg", "莫斯科，圣彼得堡"},
        {"GMT+04:00", "Asia/Dubai", "Abu Dhabi, Muscat", "阿布扎比，马斯喀特"},
        {"GMT+05:30", "Asia/Kolkata", "Chennai, Kolkata, Mumbai, New Delhi",
         "钦奈，加尔各答，孟买，新德里"},
        {"GMT+07:00", "Asia/Bangkok", "Bangkok, Hanoi, Jakarta", "曼谷，河内，雅加达"},
        {"GMT+08:00", "Asia/Shanghai", "Beijing, Chongqing, Hong Kong, Urumqi, Taipei",
         "北京，重庆，香港，乌鲁木齐，台北"},
        {"GMT+08:00", "Asia/Singapore", "Kuala Lumpur, Singapore", "吉隆坡，新加坡"},
        {"GMT+09:00", "Asia/Tokyo", "Osaka, Sapporo, Tokyo", "大阪，札幌，东京"},
        {"GMT+10:00", "Australia/Sydney", "Canberra, Melbourne, Sydney", "堪培拉，墨尔本，悉尼"},
    };
    std::vector<TimeZone> zones;
    for (const Row& r : rows) {
      const std::string prefix = std::string("(") + r.offset + ") ";
      zones.push_back(
          {prefix + r.places, r.offset, r.name, prefix + r.places, prefix + r.places_cn});
    }
    return zones;
  }();
  return kZones;
}

void TaskStore::Reset(const Catalog& catalog) {
  tasks.Clear();
  time_zones = DefaultTimeZones();
  const nlohmann::json& seeded = catalog.seed.value("time_zones", nlohmann::json());
  if (!seeded.is_array()) return;
  time_zones.clear();
  for (const auto& doc : seeded) {
    if (!doc.is_object()) continue;
    time_zones.push_back({doc.value("time_zone_desc", ""), doc.value("time_zone", ""),
                          doc.value("time_zone_name", ""), doc.value("time_zone_desc_us", ""),
                          doc.value("time_zone_desc_cn", "")});
  }
}

nlohmann::json TaskStore::Snapshot() const {
  nlohmann::json all = nlohmann::json::array();
  for (const ScheduledTask* t : tasks.All()) all.push_back(*t);
  return {{"tasks", all}, {"time_zones", time_zones}};
}

void TaskStore::Restore(const nlohmann::json& part) {
  if (part.contains("tasks")) {
    tasks.Clear();
    for (const auto& doc : part.at("tasks")) tasks.Add(doc.get<ScheduledTask>());
  }
  if (part.contains("time_zones")) time_zones = part.at("time_zones").get<std::vector<TimeZone>>();
}

ScheduledTask* TaskStore::FindByName(std::string_view name) const {
  return tasks.FindIf([&](const ScheduledTask& t) { return t.task_name == name; });
}

const TimeZone* TaskStore::FindZone(std::string_view name) const {
  for (const TimeZone& z : time_zones) {
    if (z.time_zone_name == name) return &z;
  }
  return nullptr;
}

}  // namespace deskops::simulator
