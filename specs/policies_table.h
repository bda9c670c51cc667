#pragma once
// The policy-group `policies` object, as a flat table generated from the API reference's 4.14.2
// "Policies" table (api-digest §7.1) by scripts/gen_policies_table.py. Each row is one object or
// leaf, parents before children. Wire paths use the names the reference's responses and examples
// use; `aliases` lists the other spellings the reference prints for the same leaf (api-digest §7.2),
// which readers of API responses must accept. Immutable data; thread-safe.

#include <cstddef>

namespace deskops::specs {

struct PolicyFieldDef {
  const char* wire_path;    // e.g. "peripherals.usb_port_redirection.usb_enable"
  char type;                // 'o' object, 'b' boolean, 'i' integer, 's' string
  long long min, max;       // integers: the documented range; min > max when none is documented
  int max_length;           // strings: documented maximum length in characters; 0 when none
  const char* enum_values;  // strings: "A|B|C" when the reference lists the values; else nullptr
  const char* aliases;      // other names of the last path segment, "|"-separated; else nullptr
  int line;                 // line of the row in the API reference
  const char* description;  // the reference's description, verbatim
};

extern const PolicyFieldDef kPolicyFields[];
extern const std::size_t kPolicyFieldCount;

}  // namespace deskops::specs
