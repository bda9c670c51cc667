#pragma once
// The policy-group `policies` object, leaf by leaf, between the three spellings deskops meets: the
// canonical wire path a manifest's leaves carry (specs::FlattenPolicies), the alias spellings API
// responses may use for a path segment (api-digest §7.2, specs::PolicyAliases: an observed
// "pcsc_smartcard_enable" is the canonical "pcsc_smart_card_enable"), and the manifest's camelCase
// path (for plans and export). Values compare by type, and as text when either side is text (the
// API may return numbers as strings for String-typed fields).
// Built once from specs::PoliciesSchema(); pure functions, thread-safe.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/types.h"
#include "reconcilers/engine/export.h"
#include "specs/policies.h"

namespace deskops::reconcilers::policies {

using DesiredValue = decltype(specs::PolicyLeaf::value);
using LiveValue = decltype(cloud::JsonLeaf::value);

// The canonical wire path of an observed path, "" when the schema does not know it.
std::string Canonical(std::string_view observed_path);

// "spec.policies.<camelCase path>" for a canonical wire path.
std::string ManifestPath(std::string_view wire_path);

// Observed leaves by canonical path (leaves the schema does not know are dropped).
std::map<std::string, LiveValue> Normalize(const std::vector<cloud::JsonLeaf>& observed);

bool SameValue(const DesiredValue& desired, const LiveValue& live);
// For plans: text quoted, numbers and booleans as they are.
std::string ShowValue(const DesiredValue& value);
std::string ShowValue(const LiveValue& value);

cloud::JsonLeaf ToWire(const specs::PolicyLeaf& leaf);
std::vector<cloud::JsonLeaf> ToWire(const std::vector<specs::PolicyLeaf>& leaves);

// Writes the observed leaves under spec.policies in camelCase, each converted to the type the
// schema gives it; leaves the schema does not know, or whose value it would reject, are left out
// (the manifest would not load). Returns how many leaves were left out.
std::size_t ExportPolicies(const std::vector<cloud::JsonLeaf>& observed, ExportDoc& doc);

}  // namespace deskops::reconcilers::policies
