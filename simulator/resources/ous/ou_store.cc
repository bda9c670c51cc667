#include "simulator/resources/ous/ou_store.h"

#include <cstdio>

#include "core/strings.h"
#include "simulator/catalog.h"

namespace deskops::simulator {
namespace {

bool SameIgnoringCase(std::string_view a, std::string_view b) {
  return core::ToLower(a) == core::ToLower(b);
}

// A seeded OU: the 4.10.1 object as the seed writes it, with domain_id and ou_dn derived when
// left out, and an ID made from its position when it has none.
Ou SeededOu(const nlohmann::json& doc, std::size_t index) {
  Ou ou;
  ou.id = doc.value("id", "");
  if (ou.id.empty()) {
    char id[40];
    std::snprintf(id, sizeof id, "%032zx", index + 1);
    ou.id = id;
  }
  ou.domain = doc.value("domain", "");
  ou.domain_id = doc.value("domain_id", ou.domain);
  ou.ou_name = doc.value("ou_name", "");
  ou.ou_dn = doc.value("ou_dn", OuDistinguishedName(ou.ou_name, ou.domain));
  ou.description = doc.value("description", "");
  return ou;
}

}  // namespace

std::string OuDistinguishedName(std::string_view ou_name, std::string_view domain) {
  std::string dn = core::StrCat("OU=", ou_name);
  for (const std::string& label : core::Split(domain, '.')) dn += core::StrCat(",DC=", label);
  return dn;
}

void OuStore::Reset(const Catalog& catalog) {
  ous.Clear();
  ad_ous.clear();
  const nlohmann::json& seed = catalog.seed;
  for (const auto& doc : seed.value("ad_ous", nlohmann::json::array())) {
    if (doc.is_object()) ad_ous.push_back({doc.value("ou_name", ""), doc.value("ou_dn", "")});
  }
  std::size_t index = 0;
  for (const auto& doc : seed.value("ous", nlohmann::json::array())) {
    if (!doc.is_object()) continue;
    Ou* ou = ous.Add(SeededOu(doc, index++));
    NoteInAd({ou->ou_name, ou->ou_dn});  // registered OUs exist in AD (L11588)
  }
}

nlohmann::json OuStore::Snapshot() const {
  nlohmann::json registered = nlohmann::json::array();
  for (const Ou* ou : ous.All()) registered.push_back(*ou);
  return {{"ous", registered}, {"ad_ous", ad_ous}};
}

void OuStore::Restore(const nlohmann::json& part) {
  if (part.contains("ous")) {
    ous.Clear();
    for (const auto& doc : part.at("ous")) ous.Add(doc.get<Ou>());
  }
  if (part.contains("ad_ous")) ad_ous = part.at("ad_ous").get<std::vector<AdOu>>();
}

Ou* OuStore::FindByName(std::string_view domain, std::string_view ou_name) const {
  return ous.FindIf([&](const Ou& ou) {
    return SameIgnoringCase(ou.domain, domain) && SameIgnoringCase(ou.ou_name, ou_name);
  });
}

void OuStore::NoteInAd(const AdOu& ou, std::string_view replaced) {
  auto find = [&](std::string_view dn) {
    for (AdOu& known : ad_ous) {
      if (SameIgnoringCase(known.ou_dn, dn)) return &known;
    }
    return static_cast<AdOu*>(nullptr);
  };
  if (find(ou.ou_dn)) return;
  if (AdOu* old = replaced.empty() ? nullptr : find(replaced)) {
    *old = ou;
    return;
  }
  ad_ous.push_back(ou);
}

}  // namespace deskops::simulator
