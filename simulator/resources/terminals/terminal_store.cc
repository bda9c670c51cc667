#include "simulator/resources/terminals/terminal_store.h"

#include <cctype>
#include <optional>

#include "core/strings.h"

namespace deskops::simulator {

void TerminalStore::Reset(const Catalog&) {
  config = BindingSwitch{};
  bindings.Clear();
}

nlohmann::json TerminalStore::Snapshot() const {
  nlohmann::json out = config;
  out["bind_list"] = nlohmann::json::array();
  for (const TerminalBinding* b : bindings.All()) out["bind_list"].push_back(*b);
  return out;
}

void TerminalStore::Restore(const nlohmann::json& part) {
  config = part.get<BindingSwitch>();
  if (part.contains("bind_list")) {
    bindings.Clear();
    for (const auto& doc : part.at("bind_list")) bindings.Add(doc.get<TerminalBinding>());
  }
}

TerminalBinding* TerminalStore::FindByMac(std::string_view mac) const {
  std::optional<std::string> want = CanonicalMac(mac);
  return bindings.FindIf([&](const TerminalBinding& b) {
    return want ? CanonicalMac(b.mac) == want : core::ToLower(b.mac) == core::ToLower(mac);
  });
}

std::optional<std::string> CanonicalMac(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i % 3 == 2) {
      if (c != '-') return std::nullopt;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace deskops::simulator
