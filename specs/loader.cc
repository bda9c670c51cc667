#include "specs/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/strings.h"
#include "specs/validate.h"

namespace deskops::specs {

namespace fs = std::filesystem;
using core::Quote;
using core::StrCat;

namespace {

bool ErrorsSince(const Diagnostics& diags, std::size_t first) {
  for (std::size_t i = first; i < diags.size(); ++i) {
    if (diags.items()[i].severity == Severity::kError) return true;
  }
  return false;
}

bool IsManifestFile(const fs::path& p) {
  std::string ext = core::ToLower(p.extension().string());
  return ext == ".yaml" || ext == ".yml";
}

bool IsHidden(const fs::path& p) {
  std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

const KindInfo* FindKindExact(std::string_view name) {
  for (const auto& k : Kinds()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

std::string UnknownKindMessage(std::string_view kind) {
  std::string msg = StrCat("unknown kind ", Quote(kind));
  std::vector<std::string> names = KindNames();
  if (auto close = core::ClosestMatch(kind, names)) {
    return msg + StrCat("; did you mean ", Quote(*close), "?");
  }
  return msg + StrCat(" (known kinds: ", core::Join(names, ", "), ")");
}

ObjectMeta DecodeMeta(const Value& metadata) {
  Fields f(&metadata);
  ObjectMeta meta;
  meta.name = f.StrOr("name", "");
  meta.mark = f.MarkOf("name");
  meta.labels = f.StrMap("labels");
  meta.annotations = f.StrMap("annotations");
  return meta;
}

}  // namespace

void Loader::AddPath(const std::string& path) {
  std::error_code ec;
  const std::string* file = InternFileName(path);
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    result_.diagnostics.Error(Mark{file}, "", "no such file or directory");
    return;
  }
  if (!fs::is_directory(st)) {
    AddFile(path);
    return;
  }
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (IsHidden(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (IsManifestFile(it->path()) && it->is_regular_file(ec)) files.push_back(it->path().string());
  }
  if (ec)
    result_.diagnostics.Error(Mark{file}, "", StrCat("cannot read directory: ", ec.message()));
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    result_.diagnostics.Warning(Mark{file}, "", "no *.yaml or *.yml files in this directory");
  }
  for (const auto& f : files) AddFile(f);
}

void Loader::AddFile(const std::string& path) {
  const std::string* file = InternFileName(path);
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (!ec && size > options_.max_file_bytes) {
    result_.diagnostics.Error(
        Mark{file}, "", StrCat("file is ", size, " bytes; the limit is ", options_.max_file_bytes));
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result_.diagnostics.Error(Mark{file}, "", "cannot read file");
    return;
  }
  AddStream(in, path);
}

void Loader::AddStream(std::istream& in, const std::string& name) {
  // Read at most one byte over the limit: a device, pipe or stdin that never ends (/dev/zero)
  // must not exhaust memory before the size is known.
  std::string text;
  char chunk[65536];
  while (text.size() <= options_.max_file_bytes && in.read(chunk, sizeof chunk).gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > options_.max_file_bytes) {
    result_.diagnostics.Error(
        Mark{InternFileName(name)}, "",
        StrCat("larger than the limit of ", options_.max_file_bytes, " bytes"));
    return;
  }
  if (in.bad()) {
    result_.diagnostics.Error(Mark{InternFileName(name)}, "", "cannot read file");
    return;
  }
  AddText(text, name);
}

void Loader::AddText(std::string_view text, const std::string& name) {
  ++result_.files;
  document_start_ = result_.diagnostics.size();
  Digest(name, text);
  ReadYamlDocuments(
      text, InternFileName(name), result_.diagnostics,
      [this](Value&& doc) { AddDocument(std::move(doc)); }, options_.yaml);
}

void Loader::AddDocument(Value&& doc) {
  ++result_.documents;
  Diagnostics& diags = result_.diagnostics;
  const std::size_t first = document_start_;
  struct NextDocument {  // whatever happens below, the next document's diagnostics start after
    Loader* loader;
    ~NextDocument() { loader->document_start_ = loader->result_.diagnostics.size(); }
  } next{this};
  if (doc.type != Value::Type::kMap) {
    diags.Error(
        doc.mark, "",
        StrCat("a manifest must be a mapping with apiVersion, kind, metadata and spec; got ",
               TypeNoun(doc.type)));
    return;
  }
  const Value* kind_value = doc.Find("kind");
  if (!kind_value || kind_value->type != Value::Type::kString) {
    diags.Error(kind_value ? kind_value->mark : doc.mark, "kind",
                StrCat(kind_value ? "must be text" : "is required", ": one of ",
                       core::Join(KindNames(), ", ")));
    return;
  }
  const KindInfo* kind = FindKindExact(kind_value->scalar);
  if (!kind) {
    diags.Error(kind_value->mark, "kind", UnknownKindMessage(kind_value->scalar));
    return;
  }
  const Value* metadata = doc.Find("metadata");
  const Value* name = metadata ? metadata->Find("name") : nullptr;
  const std::string name_text = name && name->IsScalar() ? name->scalar : "";

  // Validate, then decode even when validation failed: the decoders read defensively and their
  // cross-field rules find more mistakes, so one run reports as many as possible.
  Validate(EnvelopeSchema(*kind), doc, "", diags);
  Object obj;
  obj.kind = kind;
  obj.mark = doc.mark;
  static const Value kEmpty = [] {
    Value v;
    v.type = Value::Type::kMap;
    return v;
  }();
  const Value& meta_value = metadata && metadata->type == Value::Type::kMap ? *metadata : kEmpty;
  const Value* spec = doc.Find("spec");
  obj.meta = DecodeMeta(meta_value);
  obj.policy = ParseObjectPolicy(meta_value.Find("annotations"), kind->spec_schema(), diags);
  DecodeContext ctx{obj.meta, diags, obj.refs};
  obj.spec = kind->decode(spec && spec->type == Value::Type::kMap ? *spec : kEmpty, ctx);
  if (spec) obj.fields = FlattenSpec(*spec);
  CheckReferenceNames(obj, first);
  if (!ErrorsSince(diags, first)) {
    Mark at = obj.meta.mark;
    if (const Object* previous = result_.manifests.Add(std::move(obj))) {
      diags.Error(
          at, "metadata.name",
          StrCat("duplicate ", kind->name, " ", Quote(name_text), ": already defined at ",
                 previous->meta.mark.ToString(),
                 kind->case_insensitive_names ? " (desktop names are case-insensitive)" : ""));
    }
  }
  diags.Attribute(first, std::string(kind->name), name_text);
}

void Loader::CheckReferenceNames(const Object& o, std::size_t first) {
  const auto& items = result_.diagnostics.items();
  auto reported = [&](const Mark& mark) {
    return std::any_of(items.begin() + static_cast<std::ptrdiff_t>(first), items.end(),
                       [&](const Diagnostic& d) {
                         return d.mark.line == mark.line && d.mark.column == mark.column;
                       });
  };
  for (const Ref& ref : o.refs) {
    const KindInfo* target = FindKind(ref.kind);
    if (!target || reported(ref.mark)) continue;  // the field's own schema already said why
    Diagnostics problems;
    Value name;
    name.type = Value::Type::kString;
    name.scalar = ref.name;
    name.mark = ref.mark;
    Validate(target->name_schema(), name, ref.path, problems);
    for (Diagnostic d : problems.items()) {
      d.message = StrCat("is not a valid ", target->name, " name: ", d.message);
      result_.diagnostics.Add(std::move(d));
    }
  }
}

void Loader::CheckReferences() {
  const ManifestSet& set = result_.manifests;
  for (const Object& o : set.objects()) {
    for (const Ref& ref : o.refs) {
      const KindInfo* target = FindKind(ref.kind);
      if (!target || set.Find(ref.kind, ref.name)) continue;
      std::optional<std::string> close = core::ClosestMatch(ref.name, set.Names(ref.kind));
      if (!close && !options_.strict_references) continue;  // resolved against the tenant later
      result_.diagnostics.Add(
          {options_.strict_references ? Severity::kError : Severity::kWarning, ref.mark,
           std::string(o.kind->name), o.meta.name, ref.path,
           StrCat(target->name, " ", Quote(ref.name), " is not declared in the manifests",
                  close ? StrCat("; did you mean ", Quote(*close), "?")
                        : std::string("; it must already exist in the tenant"))});
    }
  }
}

void Loader::CheckSets() {
  for (const KindInfo& kind : Kinds()) {
    if (kind.check_set) kind.check_set(result_.manifests, result_.diagnostics);
  }
}

void Loader::Digest(std::string_view name, std::string_view text) {
  auto mix = [&](std::string_view bytes) {
    for (unsigned char c : bytes) {
      digest_ ^= c;
      digest_ *= 1099511628211ull;
    }
    digest_ ^= 0xff;  // separator
    digest_ *= 1099511628211ull;
  };
  mix(name);
  mix(text);
}

LoadResult Loader::Finish() && {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(digest_));
  result_.digest = hex;
  CheckReferences();
  CheckSets();
  result_.diagnostics.Sort();
  return std::move(result_);
}

LoadResult LoadManifests(const std::vector<std::string>& paths, const LoadOptions& options) {
  Loader loader(options);
  for (const auto& p : paths) loader.AddPath(p);
  return std::move(loader).Finish();
}

}  // namespace deskops::specs
