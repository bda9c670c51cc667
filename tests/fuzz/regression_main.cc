// A main() for the fuzz targets when they are built without libFuzzer (the normal gcc build):
//   fuzz_T FILE_OR_DIR...   runs LLVMFuzzerTestOneInput once over every file (directories walked
//                           recursively).
// CTest replays the seed corpus and every saved crash input of regressions/ on each build, so a
// fixed crash stays fixed without the clang build; scripts/fuzz runs the coverage-guided
// libFuzzer build with ASan and UBSan (scripts/test runs it briefly).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const fs::path root(argv[i]);
    if (!fs::exists(root)) {
      std::cerr << root.string() << ": no such file or directory\n";
      return 2;
    }
    if (!fs::is_directory(root)) {
      files.push_back(root);
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  for (const auto& f : files) {
    std::cerr << "running " << f.string() << "\n";
    const std::string bytes = Read(f);
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::cout << files.size() << " inputs ran without a crash\n";
  return files.empty() ? 1 : 0;
}
