#include "specs/common.h"

#include "core/strings.h"

namespace deskops::specs {

namespace {
constexpr const char* kOctet = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
}  // namespace

SchemaNode ComputerNameSchema() {
  // L5127: "1 to 15 characters in letters, digits, and hyphens (-). It must start with a letter or
  // digit and cannot end with a hyphen (-)." Desktop names are case-insensitive in the tenant.
  return String("Desktop (computer) name, unique in the tenant.")
      .Len(1, 15)
      .Pattern("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?",
               "contain only letters, digits and hyphens, start with a letter or digit and not "
               "end with a hyphen");
}

SchemaNode UserNameSchema() {
  // L5120: letters, digits, hyphens and underscores; LOCAL_AD 1-32 characters starting with a
  // letter or digit (LITE_AD: 1-20 starting with a letter). L5370 (assignment) allows 64 for
  // LOCAL_AD; we keep 32 because a longer name could never be given a desktop by 4.3.1.
  return String("User name.")
      .Len(1, 32)
      .Pattern("[A-Za-z0-9][A-Za-z0-9_-]*",
               "contain only letters, digits, hyphens and underscores and start with a letter or "
               "digit");
}

SchemaNode PoolNameSchema() {
  // L11568: "1 to 255 characters, including uppercase letters, lowercase letters, digits, and
  // hyphens (-)".
  return String("Desktop pool name, unique in the tenant.")
      .Len(1, 255)
      .Pattern("[A-Za-z0-9-]+", "contain only letters, digits and hyphens");
}

SchemaNode UserGroupNameSchema() {
  // 4.9.2 states no rule (L18795); assignment to a GROUP allows "only letters, digits, hyphens
  // (-), and underscores (_)" (L5370), which every group deskops assigns desktops to must meet.
  return String("User group name.")
      .Pattern("[A-Za-z0-9_-]+", "contain only letters, digits, hyphens and underscores");
}

SchemaNode IdSchema(std::string doc) { return String(std::move(doc)).MinLen(1); }

SchemaNode VolumeSchema(std::int64_t min_size, std::vector<std::string> types) {
  // L5101-5102: system disk 80-32760 GB, data disk 10-32760 GB, multiples of 10.
  return Struct({
      Field("type", String("Disk type.").Enum(std::move(types))).Required(),
      Field("size",
            Integer("Capacity in GB, a multiple of 10.").Range(min_size, 32760).MultipleOf(10))
          .Required(),
  });
}

SchemaNode DataVolumesSchema(std::int64_t min_size, std::vector<std::string> types,
                             std::size_t max_items, std::string doc) {
  SchemaNode item = VolumeSchema(min_size, std::move(types));
  item.fields.insert(
      item.fields.begin(),
      Field("name", String("The disk's name in this list, how deskops tells disks apart: "
                           "removing an item deletes exactly that disk. Not sent to the API.")
                        .Len(1, 32)
                        .Pattern("[a-z0-9]([-a-z0-9]*[a-z0-9])?",
                                 "be 1-32 lower-case letters, digits and hyphens, starting and "
                                 "ending with a letter or digit"))
          .Required("give each data disk a unique name, for example "
                    "`- {name: data1, type: SAS, size: 100}`; deskops tells disks apart by name, "
                    "so that removing one deletes exactly that disk")
          .NoWire());
  return ArrayOf(std::move(item), std::move(doc)).Items(0, max_items).Unique("name");
}

SchemaNode SecretSourceSchema(std::string doc) {
  return Struct(
             {
                 Field("env", String("Name of an environment variable holding the value.")
                                  .Pattern("[A-Za-z_][A-Za-z0-9_]*",
                                           "be an environment variable name (letters, digits and "
                                           "underscores, not starting with a digit)"))
                     .NoWire(),
                 Field("file", String("Path of a file holding the value (for systemd credentials "
                                      "and Kubernetes secrets); a trailing newline is ignored.")
                                   .MinLen(1))
                     .NoWire(),
             },
             std::move(doc))
      .ExactlyOneOf({"env", "file"});
}

SchemaNode TagsSchema(std::size_t max_tags) {
  // L5135-5136: key 1-128 characters, value at most 43; letters, digits, hyphens, underscores;
  // never = * < > , / . "Unicode characters" suggests non-ASCII letters are allowed, so any
  // non-ASCII character passes and ASCII is limited to the listed set.
  return MapOf(
             String().Len(1, 128).Pattern("([A-Za-z0-9_-]|[^\\x00-\\x7F])+",
                                          "contain only letters, digits, hyphens and underscores"),
             String().MaxLen(43).Pattern("([A-Za-z0-9_-]|[^\\x00-\\x7F])*",
                                         "contain only letters, digits, hyphens and underscores"),
             "Tags as key: value.")
      .MaxProperties(max_tags);
}

SchemaNode PrivilegeGroupSchema() {
  return String(
             "Privilege group of the desktop user: sudo or default (Linux), administrators or "
             "users (Windows).")
      .Enum({"sudo", "default", "administrators", "users"});
}

SchemaNode Ipv4Schema(std::string doc) {
  std::string octet = kOctet;
  return String(std::move(doc))
      .Pattern(core::StrCat("(", octet, "\\.){3}", octet), "be an IPv4 address such as 10.0.0.8")
      .Format("ipv4");
}

SchemaNode EmailSchema(std::string doc) {
  return String(std::move(doc))
      .MaxLen(254)
      .Pattern("[^@\\s]+@[^@\\s]+\\.[^@\\s]+", "be an e-mail address such as alice@example.com")
      .Format("email");
}

SchemaNode PowerStateSchema(std::string doc) {
  return String(std::move(doc)).Enum({"running", "stopped", "hibernated"});
}

SchemaNode NamePolicyNameSchema() {
  // L15058: "1 to 30 characters, including digits, letters, and underscores (.). It must start
  // with a letter or underscore (.)". The reference names the underscore but prints a dot; we
  // accept both characters rather than reject a name the API may take.
  return String("Desktop name policy name.")
      .Len(1, 30)
      .Pattern("[A-Za-z_.][A-Za-z0-9_.]*",
               "contain only letters, digits and underscores and start with a letter or "
               "underscore");
}

SchemaNode DescriptionSchema(std::size_t max_length, std::string doc) {
  return String(std::move(doc)).MaxLen(max_length);
}

const Value* Fields::Get(std::string_view key) const {
  if (!map_ || map_->type != Value::Type::kMap) return nullptr;
  const Value* v = map_->Find(key);
  return v && v->type != Value::Type::kNull ? v : nullptr;
}

Mark Fields::MarkOf(std::string_view key) const {
  if (const Value* v = Get(key)) return v->mark;
  return map_ ? map_->mark : Mark{};
}

std::optional<std::string> Fields::Str(std::string_view key) const {
  const Value* v = Get(key);
  if (!v || !v->IsScalar()) return std::nullopt;
  return v->scalar;
}

std::string Fields::StrOr(std::string_view key, std::string fallback) const {
  auto s = Str(key);
  return s ? *s : std::move(fallback);
}

std::optional<std::int64_t> Fields::Int(std::string_view key) const {
  const Value* v = Get(key);
  if (!v || v->type != Value::Type::kInt) return std::nullopt;
  return v->int_value;
}

std::optional<bool> Fields::Bool(std::string_view key) const {
  const Value* v = Get(key);
  if (!v || v->type != Value::Type::kBool) return std::nullopt;
  return v->bool_value;
}

std::vector<Fields> Fields::List(std::string_view key) const {
  std::vector<Fields> out;
  if (const Value* v = Get(key); v && v->type == Value::Type::kSeq) {
    for (const auto& item : v->items) out.emplace_back(&item);
  }
  return out;
}

std::vector<std::string> Fields::StrList(std::string_view key) const {
  std::vector<std::string> out;
  if (const Value* v = Get(key); v && v->type == Value::Type::kSeq) {
    for (const auto& item : v->items) {
      if (item.IsScalar() && item.type != Value::Type::kNull) out.push_back(item.scalar);
    }
  }
  return out;
}

std::map<std::string, std::string> Fields::StrMap(std::string_view key) const {
  std::map<std::string, std::string> out;
  if (const Value* v = Get(key); v && v->type == Value::Type::kMap) {
    for (const auto& e : v->entries) out[e.key] = e.value.scalar;
  }
  return out;
}

std::optional<Volume> Fields::Vol(std::string_view key) const {
  Fields f = Sub(key);
  if (!f.value()) return std::nullopt;
  return Volume{f.StrOr("type", ""), f.Int("size").value_or(0), f.StrOr("name", "")};
}

std::vector<Volume> Fields::Vols(std::string_view key) const {
  std::vector<Volume> out;
  for (const Fields& f : List(key)) {
    out.push_back({f.StrOr("type", ""), f.Int("size").value_or(0), f.StrOr("name", "")});
  }
  return out;
}

}  // namespace deskops::specs
