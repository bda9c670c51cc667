#pragma once
// The fields a manifest's spec sets, flattened for plans: a create shows what it will send.
// Each scalar leaf is one field, in document order ("spec.rootVolume.size" -> "80"); a list of
// scalars is one field ("[alice, bob]"); items of a list of maps are numbered
// ("spec.dataVolumes[0].size"). Secrets never appear: a secret's source (`passwordFrom: {env: X}`,
// any `...From` map of env or file) shows as that source ("env X", "file /run/x"), and a scalar
// under a secret-looking key (core::IsSecretKey) as "(secret)". Pure; thread-safe.

#include <string>
#include <vector>

#include "specs/value.h"

namespace deskops::specs {

struct SpecField {
  std::string path;   // "spec.rootVolume.size"
  std::string value;  // as text
};

std::vector<SpecField> FlattenSpec(const Value& spec);

}  // namespace deskops::specs
