#pragma once
// Small helpers the kinds share when diffing: comparing a desired (optional, "unset means
// unmanaged") value with the live one and recording a FieldChange, and value formatting for plans.
// Pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reconcilers/engine/action.h"

namespace deskops::reconcilers {

std::string Show(const std::string& s);  // "text" (quoted) or "" when empty
std::string Show(bool b);
std::string Show(std::int64_t n);

// Each records a change when `desired` is set and differs from `live`; returns whether it did.
bool Compare(std::vector<FieldChange>& out, const std::string& path,
             const std::optional<std::string>& desired, const std::string& live);
bool Compare(std::vector<FieldChange>& out, const std::string& path,
             const std::optional<bool>& desired, bool live);
bool Compare(std::vector<FieldChange>& out, const std::string& path,
             const std::optional<std::int64_t>& desired, std::int64_t live);

// The same for live fields the API may leave out (nullopt: not reported, shown as unset).
bool Compare(std::vector<FieldChange>& out, const std::string& path,
             const std::optional<std::string>& desired, const std::optional<std::string>& live);
bool Compare(std::vector<FieldChange>& out, const std::string& path,
             const std::optional<std::int64_t>& desired, const std::optional<std::int64_t>& live);

// A field that cannot change in place: returns a message for the plan error when it differs.
std::optional<std::string> Immutable(const std::string& path, const std::string& desired,
                                     const std::string& live);
// The same message for values already shown (Show) or described.
std::string CannotChange(const std::string& path, const std::string& shown_desired,
                         const std::string& shown_live);

}  // namespace deskops::reconcilers
