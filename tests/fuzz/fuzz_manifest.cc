// Fuzz target: the manifest loader (specs/). Any bytes go through the YAML reader, validation,
// decoding and the cross-object checks exactly as `deskops validate -` reads them. Besides not
// crashing, every diagnostic must point into the text (line and column from 1) and say something,
// because "file:line:col: message" is what a user gets for bad input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "specs/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace deskops::specs;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Loader loader;
  loader.AddText(text, "fuzz.yaml");
  LoadResult result = std::move(loader).Finish();
  for (const Diagnostic& d : result.diagnostics.items()) {
    if (d.mark.file == nullptr || d.mark.line < 1 || d.mark.column < 1 || d.message.empty()) {
      std::abort();  // a diagnostic that cannot be located or says nothing
    }
    if (d.ToString().empty()) std::abort();
  }
  if (result.ok() != !result.diagnostics.HasErrors()) std::abort();
  return 0;
}
