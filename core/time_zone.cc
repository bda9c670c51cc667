#include "core/time_zone.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

#include "core/files.h"
#include "core/strings.h"

namespace deskops::core {

using std::chrono::days;
using std::chrono::seconds;

namespace {

// A zone name is letters, digits and - _ + separated by single slashes, never "..": it becomes a
// path under the database's directory.
bool ValidName(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.back() == '/' || name.size() > 255) return false;
  if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
           c == '+';
  });
}

// Reads big-endian integers from a byte string; `ok` turns false past its end.
struct Reader {
  std::string_view bytes;
  std::size_t pos = 0;
  bool ok = true;

  std::int64_t Int(int width) {
    if (pos + width > bytes.size()) {
      ok = false;
      return 0;
    }
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[pos++]);
    if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
  }
  void Skip(std::size_t n) {
    if (pos + n > bytes.size()) ok = false;
    pos = std::min(pos + n, bytes.size());
  }
};

struct Header {
  char version = 0;
  std::int64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

std::optional<Header> ReadHeader(Reader& r) {
  if (r.bytes.substr(r.pos, 4) != "TZif" || r.pos + 44 > r.bytes.size()) return std::nullopt;
  Header h;
  h.version = r.bytes[r.pos + 4];
  r.Skip(20);
  h.isut = r.Int(4);
  h.isstd = r.Int(4);
  h.leap = r.Int(4);
  h.time = r.Int(4);
  h.type = r.Int(4);
  h.chars = r.Int(4);
  if (h.isut < 0 || h.isstd < 0 || h.leap < 0 || h.time < 0 || h.type < 1 || h.chars < 0) {
    return std::nullopt;
  }
  return h;
}

std::size_t BlockSize(const Header& h, int time_width) {
  return h.time * time_width + h.time + h.type * 6 + h.chars + h.leap * (time_width + 4) + h.isstd +
         h.isut;
}

// POSIX TZ text: names, offsets ([+-]hh[:mm[:ss]], west positive) and dates.
struct PosixReader {
  std::string_view s;
  std::size_t pos = 0;

  bool AtEnd() const { return pos >= s.size(); }
  char Peek() const { return AtEnd() ? '\0' : s[pos]; }
  bool Name() {
    if (Peek() == '<') {
      const std::size_t close = s.find('>', pos);
      if (close == std::string_view::npos) return false;
      pos = close + 1;
      return true;
    }
    const std::size_t start = pos;
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(Peek()))) ++pos;
    return pos - start >= 3;
  }
  std::optional<int> Number(int max) {
    const std::size_t start = pos;
    int v = 0;
    while (!AtEnd() && std::isdigit(static_cast<unsigned char>(Peek())) && pos - start < 3) {
      v = v * 10 + (s[pos++] - '0');
    }
    if (pos == start || v > max) return std::nullopt;
    return v;
  }
  // hh[:mm[:ss]] with an optional sign; hours up to 167 (the extension RFC 8536 allows).
  std::optional<seconds> Time() {
    int sign = 1;
    if (Peek() == '+' || Peek() == '-') sign = s[pos++] == '-' ? -1 : 1;
    auto h = Number(167);
    if (!h) return std::nullopt;
    int total = *h * 3600;
    for (int unit : {60, 1}) {
      if (Peek() != ':') break;
      ++pos;
      auto n = Number(59);
      if (!n) return std::nullopt;
      total += *n * unit;
    }
    return seconds(sign * total);
  }
  std::optional<TimeZone::Rule::When> Date() {
    using Form = TimeZone::Rule::DateForm;
    TimeZone::Rule::When w;
    if (Peek() == 'M') {
      ++pos;
      auto m = Number(12);
      if (!m || *m < 1 || Peek() != '.') return std::nullopt;
      ++pos;
      auto week = Number(5);
      if (!week || *week < 1 || Peek() != '.') return std::nullopt;
      ++pos;
      auto d = Number(6);
      if (!d) return std::nullopt;
      w.form = Form::kMonthWeekDay;
      w.month = *m, w.week = *week, w.weekday = *d;
    } else {
      const bool julian = Peek() == 'J';
      if (julian) ++pos;
      auto n = Number(365);
      if (!n || (julian && *n < 1)) return std::nullopt;
      w.form = julian ? Form::kJulianNoLeap : Form::kJulianZero;
      w.day = *n;
    }
    if (Peek() == '/') {
      ++pos;
      auto t = Time();
      if (!t) return std::nullopt;
      w.time = *t;
    }
    return w;
  }
};

// The day a rule date falls on in `year`.
std::chrono::sys_days RuleDay(const TimeZone::Rule::When& w, int year) {
  using namespace std::chrono;
  using Form = TimeZone::Rule::DateForm;
  const sys_days jan1 = sys_days(std::chrono::year(year) / January / 1);
  switch (w.form) {
    case Form::kJulianZero:
      return jan1 + days(w.day);
    case Form::kJulianNoLeap: {
      // Day 60 is always March 1: February 29 is never counted.
      const bool leap = std::chrono::year(year).is_leap();
      return jan1 + days(w.day - 1 + (leap && w.day >= 60 ? 1 : 0));
    }
    case Form::kMonthWeekDay:
      break;
  }
  const std::chrono::month m(static_cast<unsigned>(w.month));
  const weekday wd(static_cast<unsigned>(w.weekday));
  if (w.week == 5) return sys_days(std::chrono::year(year) / m / wd[last]);
  return sys_days(std::chrono::year(year) / m / wd[static_cast<unsigned>(w.week)]);
}

}  // namespace

StatusOr<TimeZone::Rule> ParsePosixRule(std::string_view text) {
  PosixReader r{text};
  TimeZone::Rule rule;
  const auto bad = [&](std::string_view what) {
    return Status::InvalidArgument(StrCat("TZ rule \"", text, "\": ", what));
  };
  if (!r.Name()) return bad("want a zone abbreviation first");
  auto std_west = r.Time();
  if (!std_west) return bad("want the standard offset after the abbreviation");
  rule.std_offset = -*std_west;
  if (r.AtEnd()) return rule;
  if (!r.Name()) return bad("want the daylight abbreviation");
  rule.has_dst = true;
  rule.dst_offset = rule.std_offset + seconds(3600);
  if (r.Peek() != ',' && !r.AtEnd()) {
    auto dst_west = r.Time();
    if (!dst_west) return bad("want the daylight offset");
    rule.dst_offset = -*dst_west;
  }
  if (r.Peek() != ',') return bad("want the daylight rule (,start[/time],end[/time])");
  ++r.pos;
  auto start = r.Date();
  if (!start || r.Peek() != ',') return bad("want the date daylight time starts");
  ++r.pos;
  auto end = r.Date();
  if (!end || !r.AtEnd()) return bad("want the date daylight time ends");
  rule.start = *start;
  rule.end = *end;
  return rule;
}

StatusOr<TimeZone> TimeZone::FromPosix(std::string_view name, std::string_view rule) {
  auto parsed = ParsePosixRule(rule);
  if (!parsed.ok()) return parsed.status();
  TimeZone tz;
  tz.name_ = std::string(name);
  tz.has_rule_ = true;
  tz.rule_ = *parsed;
  tz.initial_offset_ = static_cast<std::int32_t>(parsed->std_offset.count());
  return tz;
}

StatusOr<TimeZone> TimeZone::FromTzif(std::string_view name, std::string_view bytes) {
  const auto bad = [&](std::string_view what) {
    return Status::InvalidArgument(StrCat("time zone ", name, ": not a TZif file (", what, ")"));
  };
  Reader r{bytes};
  auto h = ReadHeader(r);
  if (!h) return bad("no header");
  int width = 4;
  if (h->version >= '2') {  // skip the 32-bit block for the 64-bit one
    r.Skip(BlockSize(*h, 4));
    h = ReadHeader(r);
    if (!h) return bad("no second header");
    width = 8;
  }
  if (r.pos + BlockSize(*h, width) > bytes.size()) return bad("truncated");
  std::vector<std::int64_t> times(h->time);
  for (auto& t : times) t = r.Int(width);
  std::vector<int> type_of(h->time);
  for (auto& i : type_of) i = static_cast<int>(r.Int(1));
  std::vector<std::int32_t> offsets(h->type);
  for (auto& o : offsets) {
    o = static_cast<std::int32_t>(r.Int(4));
    r.Skip(2);  // isdst, abbreviation index
  }
  r.Skip(h->chars + h->leap * (width + 4) + h->isstd + h->isut);
  if (!r.ok) return bad("truncated");
  TimeZone tz;
  tz.name_ = std::string(name);
  tz.initial_offset_ = offsets[0];
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (type_of[i] >= h->type) return bad("a transition names a missing type");
    tz.transitions_.push_back({times[i], offsets[type_of[i]]});
  }
  if (width == 8 && r.pos < bytes.size() && bytes[r.pos] == '\n') {
    const std::size_t end = bytes.find('\n', r.pos + 1);
    const std::string_view footer = bytes.substr(r.pos + 1, end - r.pos - 1);
    if (!footer.empty()) {
      auto rule = ParsePosixRule(footer);
      if (!rule.ok()) return rule.status();
      tz.has_rule_ = true;
      tz.rule_ = *rule;
    }
  }
  return tz;
}

StatusOr<TimeZone> TimeZone::LoadFrom(const std::string& dir, std::string_view name) {
  if (!ValidName(name)) {
    return Status::InvalidArgument(
        StrCat("\"", name, "\" is not a time zone name; write an IANA name such as Europe/Berlin"));
  }
  auto bytes = ReadFile(StrCat(dir, "/", name));
  if (!bytes.ok()) {
    return Status::NotFound(StrCat("unknown time zone \"", name, "\" (not in ", dir,
                                   "); write an IANA name such as Europe/Berlin"));
  }
  return FromTzif(name, *bytes);
}

StatusOr<TimeZone> TimeZone::Load(std::string_view name) {
  const char* dir = std::getenv("TZDIR");
  return LoadFrom(dir && *dir ? dir : "/usr/share/zoneinfo", name);
}

seconds TimeZone::RuleOffsetAt(SysSeconds t) const {
  if (!rule_.has_dst) return rule_.std_offset;
  using namespace std::chrono;
  const int year = static_cast<int>(year_month_day(floor<days>(t + rule_.std_offset)).year());
  // Each transition is local time in the offset before it.
  const SysSeconds start =
      SysSeconds(RuleDay(rule_.start, year)) + rule_.start.time - rule_.std_offset;
  const SysSeconds end = SysSeconds(RuleDay(rule_.end, year)) + rule_.end.time - rule_.dst_offset;
  const bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return dst ? rule_.dst_offset : rule_.std_offset;
}

seconds TimeZone::OffsetAt(SysSeconds t) const {
  const std::int64_t at = t.time_since_epoch().count();
  if (transitions_.empty() || at >= transitions_.back().at) {
    if (has_rule_) return RuleOffsetAt(t);
    return seconds(transitions_.empty() ? initial_offset_ : transitions_.back().offset);
  }
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), at,
                             [](std::int64_t v, const Transition& tr) { return v < tr.at; });
  if (it == transitions_.begin()) return seconds(initial_offset_);
  return seconds(std::prev(it)->offset);
}

// A local time maps to the UTC instant whose offset gives it back. Around a transition there may
// be two (clocks went back: the earlier is taken) or none (clocks went forward: the time is read
// in the offset before the gap, so 02:30 on a spring-forward night is 03:30 after it).
SysSeconds TimeZone::ToUtc(LocalSeconds local) const {
  const SysSeconds as_utc(local.time_since_epoch());
  const seconds before = OffsetAt(as_utc - days(1));
  const seconds after = OffsetAt(as_utc + days(1));
  const SysSeconds a = as_utc - before, b = as_utc - after;
  const bool a_ok = OffsetAt(a) == before, b_ok = OffsetAt(b) == after;
  if (a_ok && b_ok) return std::min(a, b);
  if (a_ok) return a;
  if (b_ok) return b;
  return a;
}

}  // namespace deskops::core
