#pragma once
// Value: one parsed YAML node with its source position. The YAML reader produces a tree of these
// per document; the validator checks it against a schema, and the per-kind decoders turn it into
// typed specs. Values are plain data: safe to read from many threads, not to mutate concurrently.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace deskops::specs {

// The file name, interned for the life of the process so that the millions of marks a large
// manifest set creates share one copy and copy cheaply. Thread-safe.
const std::string* InternFileName(std::string_view name);

// A position in a manifest file; line and column are 1-based (0 when unknown).
struct Mark {
  const std::string* file = nullptr;  // from InternFileName
  int line = 0;
  int column = 0;

  const std::string& FileName() const;
  std::string ToString() const;  // "path:line:col"
};

class Value {
 public:
  // Scalars are resolved with the YAML 1.2 core schema: plain `true`/`false` are booleans, plain
  // integers are integers, `~`/`null`/empty are null; quoted scalars are always strings.
  enum class Type { kNull, kBool, kInt, kFloat, kString, kSeq, kMap };
  struct Entry;

  Type type = Type::kNull;
  Mark mark;
  std::string scalar;  // the scalar's text as written (unescaped); empty for collections
  bool bool_value = false;
  std::int64_t int_value = 0;
  std::vector<Value> items;    // kSeq
  std::vector<Entry> entries;  // kMap, in document order

  bool IsScalar() const { return type != Type::kSeq && type != Type::kMap; }
  // The entry for `key` in a map, or nullptr.
  const Value* Find(std::string_view key) const;
  const Entry* FindEntry(std::string_view key) const;
};

struct Value::Entry {
  std::string key;
  Mark key_mark;
  Value value;
};

// "a string", "an integer", "a list", ... for messages.
std::string_view TypeNoun(Value::Type type);

// Resolves a plain (unquoted, untagged) scalar per the YAML 1.2 core schema into `out`.
void ResolvePlainScalar(Value& out);

}  // namespace deskops::specs
