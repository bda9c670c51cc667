#include "specs/yaml_reader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "core/strings.h"

namespace deskops::specs {
namespace {

using core::StrCat;

constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";

// Thrown inside the handler to abandon a document that exceeds a limit; caught by the reader.
struct LimitExceeded {
  Mark mark;
  std::string message;
};

class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(std::string_view text, const std::string* file, Diagnostics& diags,
              const ReadLimits& limits)
      : text_(text), file_(file), diags_(diags), limits_(limits) {}

  std::optional<Value> TakeDocument() {
    std::optional<Value> out = std::move(root_);
    root_.reset();
    return out;
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    // yaml-cpp 0.7 can report a document without consuming anything (a stray ',' at the top
    // level starts an endless run of empty documents); a document must start past the last one.
    if (last_document_pos_ && mark.pos <= *last_document_pos_) {
      const std::size_t at = static_cast<std::size_t>(std::max(mark.pos, 0));
      throw LimitExceeded{ToMark(mark), StrCat("invalid YAML: unexpected ",
                                               at < text_.size() ? core::Quote(text_.substr(at, 1))
                                                                 : std::string("end of input"))};
    }
    last_document_pos_ = mark.pos;
    stack_.clear();
    anchors_.clear();
    nodes_ = 0;
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Value v;
    v.mark = ToMark(mark);
    v.type = Value::Type::kNull;
    Add(std::move(v), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) throw LimitExceeded{ToMark(mark), "alias to an unknown anchor"};
    Count(ToMark(mark), it->second.second);
    Add(Value(it->second.first), 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& text) override {
    Value v;
    v.mark = ToMark(mark);
    v.scalar = text;
    if (tag == "?") {
      ResolvePlainScalar(v);
    } else if (tag == "!" || tag == kStrTag) {
      v.type = Value::Type::kString;  // quoted, block or explicitly tagged text
      if (Unterminated(mark.pos)) {
        const std::string quote(1, text_[static_cast<std::size_t>(mark.pos)]);
        diags_.Error(v.mark, "",
                     StrCat("invalid YAML: this quoted text has no closing ", quote,
                            " before the end of the file"));
      }
    } else {
      diags_.Error(v.mark, "", StrCat("unsupported YAML tag ", core::Quote(tag),
                                      "; remove the tag and quote the value if it is text"));
      v.type = Value::Type::kString;
    }
    Add(std::move(v), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Push(mark, Value::Type::kSeq, anchor);
  }
  void OnSequenceEnd() override { Pop(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Push(mark, Value::Type::kMap, anchor);
  }
  void OnMapEnd() override { Pop(); }

 private:
  struct Frame {
    Value value;
    YAML::anchor_t anchor = 0;
    std::size_t first_node = 0;  // node count when the frame opened, to size anchored subtrees
    std::optional<Value> key;    // maps: the key waiting for its value
  };

  Mark ToMark(const YAML::Mark& m) const { return Mark{file_, m.line + 1, m.column + 1}; }

  // yaml-cpp 0.7 accepts a quoted scalar that runs to the end of the input without its closing
  // quote, silently swallowing every line after the opening one; the YAML spec does not.
  bool Unterminated(int pos) const {
    if (pos < 0 || static_cast<std::size_t>(pos) >= text_.size()) return false;
    const char quote = text_[static_cast<std::size_t>(pos)];
    if (quote != '"' && quote != '\'') return false;
    for (std::size_t i = static_cast<std::size_t>(pos) + 1; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;  // an escaped character
      } else if (text_[i] == quote) {
        if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;  // '' is a quote inside single quotes
          continue;
        }
        return false;
      }
    }
    return true;
  }

  void Count(const Mark& mark, std::size_t n) {
    nodes_ += n;
    if (nodes_ > limits_.max_nodes) {
      throw LimitExceeded{mark, StrCat("document expands to more than ", limits_.max_nodes,
                                       " nodes (aliases included)")};
    }
  }

  void Push(const YAML::Mark& mark, Value::Type type, YAML::anchor_t anchor) {
    if (stack_.size() >= limits_.max_depth) {
      throw LimitExceeded{ToMark(mark),
                          StrCat("nesting deeper than ", limits_.max_depth, " levels")};
    }
    Count(ToMark(mark), 1);
    Frame f;
    f.value.type = type;
    f.value.mark = ToMark(mark);
    f.anchor = anchor;
    f.first_node = nodes_;
    stack_.push_back(std::move(f));
  }

  void Pop() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.key) {  // a key without a value cannot happen in valid YAML; keep the tree consistent
      f.value.entries.push_back({f.key->scalar, f.key->mark, Value{}});
    }
    if (f.anchor != 0) anchors_[f.anchor] = {f.value, nodes_ - f.first_node + 1};
    Attach(std::move(f.value));
  }

  void Add(Value v, YAML::anchor_t anchor) {
    if (v.IsScalar()) Count(v.mark, 1);
    if (anchor != 0) anchors_[anchor] = {v, 1};
    Attach(std::move(v));
  }

  void Attach(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return;
    }
    Frame& top = stack_.back();
    if (top.value.type == Value::Type::kSeq) {
      top.value.items.push_back(std::move(v));
      return;
    }
    if (!top.key) {
      if (!v.IsScalar()) {
        diags_.Error(v.mark, "", "a mapping key must be plain text, not a list or mapping");
      }
      top.key = std::move(v);
      return;
    }
    Value key = std::move(*top.key);
    top.key.reset();
    if (key.scalar == "<<" && key.type == Value::Type::kString) {
      diags_.Error(key.mark, "", "YAML merge keys (<<) are not supported; write the fields out");
    }
    if (const auto* first = top.value.FindEntry(key.scalar)) {
      diags_.Error(key.mark, "", StrCat("duplicate key ", core::Quote(key.scalar),
                                        " (first defined at line ", first->key_mark.line, ")"));
      return;
    }
    top.value.entries.push_back({std::move(key.scalar), key.mark, std::move(v)});
  }

  std::string_view text_;
  const std::string* file_;
  Diagnostics& diags_;
  const ReadLimits& limits_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, std::pair<Value, std::size_t>> anchors_;
  std::size_t nodes_ = 0;
  std::optional<Value> root_;
  std::optional<int> last_document_pos_;
};

}  // namespace

void ReadYamlDocuments(std::string_view text, const std::string* file,
                       Diagnostics& diags, const std::function<void(Value&&)>& on_document,
                       const ReadLimits& limits) {
  if (text.find('\0') != std::string_view::npos) {
    diags.Error(Mark{file, 1, 1}, "", "not a text file (contains NUL bytes)");
    return;
  }
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  TreeBuilder builder(text, file, diags, limits);
  try {
    while (parser.HandleNextDocument(builder)) {
      std::optional<Value> doc = builder.TakeDocument();
      if (doc && doc->type != Value::Type::kNull) on_document(std::move(*doc));
    }
  } catch (const YAML::Exception& e) {
    diags.Error(Mark{file, e.mark.line + 1, e.mark.column + 1}, "",
                StrCat("invalid YAML: ", e.msg));
  } catch (const LimitExceeded& e) {
    diags.Error(e.mark, "", e.message);
  }
}

}  // namespace deskops::specs
