#include "specs/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace deskops::specs {

std::string Diagnostic::ToString() const {
  std::string out = mark.ToString();
  out += ": ";
  if (severity == Severity::kWarning) out += "warning: ";
  if (!kind.empty()) {
    out += kind;
    out += '/';
    out += name.empty() ? "<unnamed>" : name;
    out += ": ";
  }
  if (!path.empty()) {
    out += path;
    out += ": ";
  }
  out += message;
  return out;
}

void Diagnostics::Error(const Mark& mark, std::string path, std::string message) {
  items_.push_back({Severity::kError, mark, {}, {}, std::move(path), std::move(message)});
}

void Diagnostics::Warning(const Mark& mark, std::string path, std::string message) {
  items_.push_back({Severity::kWarning, mark, {}, {}, std::move(path), std::move(message)});
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::HasErrors() const { return ErrorCount() > 0; }

std::size_t Diagnostics::ErrorCount() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const auto& d) { return d.severity == Severity::kError; }));
}

std::size_t Diagnostics::WarningCount() const { return items_.size() - ErrorCount(); }

void Diagnostics::Attribute(std::size_t from, const std::string& kind, const std::string& name) {
  for (std::size_t i = from; i < items_.size(); ++i) {
    if (items_[i].kind.empty()) items_[i].kind = kind;
    if (items_[i].name.empty()) items_[i].name = name;
  }
}

void Diagnostics::Sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::forward_as_tuple(a.mark.FileName(), a.mark.line, a.mark.column) <
           std::forward_as_tuple(b.mark.FileName(), b.mark.line, b.mark.column);
  });
}

}  // namespace deskops::specs
