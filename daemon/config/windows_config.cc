#include "daemon/config/windows_config.h"

#include <array>
#include <charconv>

#include "core/strings.h"
#include "core/time_zone.h"
#include "specs/common.h"
#include "specs/kinds.h"
#include "specs/validate.h"

namespace deskops::daemon {

using core::StrCat;
namespace s = specs;

namespace {

constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr long long kMaxDurationSeconds = 168 * 3600;  // a week: longer is always open

int Number(std::string_view text) {
  int n = 0;
  std::from_chars(text.data(), text.data() + text.size(), n);
  return n;
}

std::uint8_t DayBits(const std::vector<std::string>& days) {
  std::uint8_t bits = 0;
  for (const auto& d : days) {
    for (unsigned i = 0; i < kDays.size(); ++i) {
      if (d == kDays[i]) bits |= static_cast<std::uint8_t>(1u << i);
    }
  }
  return bits;
}

// "6h", "90m", "30s" (the schema's pattern) -> seconds.
long long DurationSeconds(const std::string& text) {
  long long n = 0;
  std::from_chars(text.data(), text.data() + text.size() - 1, n);
  const char unit = text.back();
  return n * (unit == 'h' ? 3600 : unit == 'm' ? 60 : 1);
}

reconcilers::MaintenanceWindow DecodeOne(const s::Value& item, const std::string& path,
                                         std::size_t index, s::Diagnostics& diags) {
  s::Fields f(&item);
  reconcilers::MaintenanceWindow w;
  w.name = f.StrOr("name", StrCat("window ", index + 1));
  if (f.Has("days")) w.days = DayBits(f.StrList("days"));
  const std::string start = f.StrOr("start", "00:00");
  w.start = std::chrono::hours(Number(start.substr(0, 2))) +
            std::chrono::minutes(Number(start.substr(3, 2)));
  const long long seconds = DurationSeconds(f.StrOr("duration", "1h"));
  if (seconds > kMaxDurationSeconds) {
    diags.Error(f.MarkOf("duration"), s::JoinPath(path, "duration"),
                "a window lasts at most 168h (a week); without a window nothing is held");
  }
  w.duration = std::chrono::seconds(seconds);
  const std::string zone = f.StrOr("timeZone", "");
  auto tz = core::TimeZone::Load(zone);
  if (!tz.ok()) {
    diags.Error(f.MarkOf("timeZone"), s::JoinPath(path, "timeZone"),
                std::string(tz.status().message()));
  } else {
    w.zone = std::make_shared<const core::TimeZone>(std::move(*tz));
  }
  for (const auto& k : f.StrList("kinds")) w.kinds.insert(k);
  w.labels = f.StrMap("labels");
  return w;
}

}  // namespace

s::SchemaNode WindowSchema() {
  std::vector<std::string> days(kDays.begin(), kDays.end());
  return s::Struct(
      {
          s::Field("name", s::String("Named in plans (default: window N).").Len(1, 63)),
          s::Field("days", s::ArrayOf(s::String().Enum(days),
                                      "The days it opens, Mon to Sun (default: every day).")
                               .MinItems(1)),
          s::Field("start", s::String("Wall-clock time it opens, HH:MM (24-hour).")
                                .Pattern("([01][0-9]|2[0-3]):[0-5][0-9]",
                                         "be a time of day HH:MM such as 22:00"))
              .Required(),
          s::Field("duration", s::String("How long it stays open, 1m to 168h.")
                                   .Pattern("0*[1-9][0-9]{0,5}(m|h)",
                                            "be a duration of minutes or hours such as 90m or 6h"))
              .Required(),
          s::Field("timeZone",
                   s::String("IANA time zone of start, such as Europe/Berlin.").MinLen(1))
              .Required(),
          s::Field("kinds", s::ArrayOf(s::String().Enum(s::KindNames()),
                                       "Only objects of these kinds (default: every kind).")
                                .MinItems(1)),
          s::Field("labels", s::MapOf(s::String().MinLen(1), s::String(),
                                      "Only objects whose metadata.labels include all of these.")),
      },
      "When disruptive and destructive actions may run on the objects it selects.");
}

std::vector<reconcilers::MaintenanceWindow> DecodeWindows(const s::Value& root,
                                                          s::Diagnostics& diags) {
  std::vector<reconcilers::MaintenanceWindow> out;
  const s::Value* list = root.Find("maintenanceWindows");
  if (!list || list->type != s::Value::Type::kSeq) return out;
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    out.push_back(DecodeOne(list->items[i], s::IndexPath("maintenanceWindows", i), i, diags));
  }
  return out;
}

}  // namespace deskops::daemon
