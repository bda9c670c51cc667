// Fuzz target: the configuration loader (daemon/config.h, what `deskops run --config` and
// `deskops config check` read). Besides not crashing, every diagnostic must point into the text
// and say something.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace deskops;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  specs::Diagnostics diags;
  daemon::Config config = daemon::ParseConfig(text, "/etc/deskops/fuzz.yaml", diags);
  for (const specs::Diagnostic& d : diags.items()) {
    if (d.mark.file == nullptr || d.mark.line < 1 || d.mark.column < 1 || d.message.empty()) {
      std::abort();
    }
  }
  // A configuration that loads is usable: the loop's intervals are positive or zero.
  if (!diags.HasErrors() && (config.interval.count() < 0 || config.retry_interval.count() < 0)) {
    std::abort();
  }
  return 0;
}
