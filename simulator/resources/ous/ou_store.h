#pragma once
// The OU family's state (4.10): the OUs registered with Workspace (4.10.1-4.10.4) and the OUs of
// the AD domain (4.10.5), which the registered ones are picked from. Both start from the seed:
// "ous" (4.10.1 OuNameInfo objects) and "ad_ous" ({ou_name, ou_dn}: OUs in AD that are not
// registered). Handlers reach it as ctx.state.Ext<OuStore>(); like all state it is guarded by the
// Simulator's lock.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/ordered_store.h"
#include "simulator/state_extension.h"

namespace deskops::simulator {

// OuNameInfo (4.10.1 L19527-19537).
struct Ou {
  std::string id;  // 32 hex digits (4.10.2 example L19741)
  std::string domain;
  std::string domain_id;  // the domain name again, as the 4.10.1 example shows (L19612-19613)
  std::string ou_name;
  std::string ou_dn;  // OU=<ou_name>,DC=<label>,... of the domain
  std::string description;
};

// AdOulInfo (4.10.5 L20052-20055).
struct AdOu {
  std::string ou_name;
  std::string ou_dn;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Ou, id, domain, domain_id, ou_name, ou_dn,
                                                description)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AdOu, ou_name, ou_dn)

class OuStore final : public StateExtension {
 public:
  void Reset(const Catalog& catalog) override;
  nlohmann::json Snapshot() const override;
  void Restore(const nlohmann::json& part) override;

  // The OU registered under this name in this domain (AD compares names case-insensitively).
  Ou* FindByName(std::string_view domain, std::string_view ou_name) const;
  // Adds `dn` to the AD's OUs unless it is there; with `replaced`, the entry of that DN becomes
  // `dn` instead (an OU renamed in AD).
  void NoteInAd(const AdOu& ou, std::string_view replaced = "");

  OrderedStore<Ou> ous;
  std::vector<AdOu> ad_ous;
};

// "OU=<ou_name>,DC=<label>,DC=<label>..." for an OU directly under the domain's root.
std::string OuDistinguishedName(std::string_view ou_name, std::string_view domain);

}  // namespace deskops::simulator
