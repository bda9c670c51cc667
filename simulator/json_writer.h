#pragma once
// JsonWriter: appends compact JSON to a string without building a document first. Used on the hot
// paths (desktop lists of up to 1,000 items) where building an nlohmann::json tree per desktop
// would cost more than the rest of the request. The caller keeps the structure balanced; Key() is
// only valid inside an object. Not thread-safe; one writer per response.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace deskops::simulator {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(std::int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Inserts already-serialised JSON as one value.
  JsonWriter& Raw(std::string_view json);

  // Shorthands for a key and its value.
  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const std::string& value) {
    return Key(key).String(value);
  }
  JsonWriter& Field(std::string_view key, std::int64_t value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, int value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, bool value) { return Key(key).Bool(value); }
  JsonWriter& StringArray(std::string_view key, const std::vector<std::string>& values);

 private:
  void Separate();
  std::string* out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

// Appends `value` as a quoted JSON string (escaping quotes, backslashes, control characters).
void AppendJsonString(std::string* out, std::string_view value);

}  // namespace deskops::simulator
