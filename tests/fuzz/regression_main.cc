// A main() for the fuzz targets when they are built without libFuzzer (the gcc build): runs
// LLVMFuzzerTestOneInput once over every file named on the command line, directories walked
// recursively, so CTest replays the seed corpus and every saved crash input on each build.
// Prints how many inputs ran; a crash or abort fails the test with the input's name on stderr.
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

void RunFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::cerr << "running " << path.string() << "\n";
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
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
  for (const auto& f : files) RunFile(f);
  std::cout << files.size() << " inputs ran without a crash\n";
  return files.empty() ? 1 : 0;
}
