// A main() for the fuzz targets when they are built without libFuzzer (the gcc build):
//   fuzz_T FILE_OR_DIR...                  runs LLVMFuzzerTestOneInput once over every file
//                                          (directories walked recursively): CTest replays the
//                                          seed corpus and every saved crash input on each build;
//   fuzz_T --mutate SECONDS SEED DIR...    (SEED 0: a random one) then keeps feeding it random mutations of those inputs
//                                          (byte flips, inserts, deletes, splices) for SECONDS.
// The mutation mode is what CI can afford on every build: no coverage guidance, no sanitizers,
// but the targets' own checks (std::abort on a located-less diagnostic, a non-JSON answer, ...)
// and any crash fail the test. A failing input is written to fuzz-crash-<seed>-<n> in the working
// directory before it runs, so it can be replayed and saved under regressions/. scripts/fuzz runs
// the coverage-guided libFuzzer build with ASan and UBSan.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void Run(const std::string& bytes) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

// Characters that matter to YAML, JSON and HTTP more often than random bytes do.
constexpr char kInteresting[] = "\n\t :-,[]{}\"'#&*!|>%@`?\\/=0123456789\xff\x00";

std::string Mutate(const std::vector<std::string>& corpus, std::mt19937_64& rng) {
  std::string s = corpus[rng() % corpus.size()];
  const int steps = 1 + static_cast<int>(rng() % 8);
  for (int i = 0; i < steps; ++i) {
    const std::size_t at = s.empty() ? 0 : rng() % s.size();
    const char c = rng() % 2 ? static_cast<char>(rng()) : kInteresting[rng() % (sizeof kInteresting)];
    switch (rng() % 5) {
      case 0: if (!s.empty()) s[at] = c; break;
      case 1: s.insert(at, 1, c); break;
      case 2: if (!s.empty()) s.erase(at, 1 + rng() % 16); break;
      case 3: {  // splice a piece of another input
        const std::string& other = corpus[rng() % corpus.size()];
        if (other.empty()) break;
        const std::size_t from = rng() % other.size();
        s.insert(at, other.substr(from, 1 + rng() % 64));
        break;
      }
      default: if (!s.empty()) s.insert(at, s.substr(at, 1 + rng() % 32)); break;  // repeat
    }
  }
  return s;
}

int MutateFor(const std::vector<std::string>& corpus, double seconds, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  const std::string crash = "fuzz-crash-" + std::to_string(seed);
  long long n = 0;
  std::cerr << "mutating for " << seconds << " s with seed " << seed << "; the input running is "
            << crash << "\n";
  while (std::chrono::steady_clock::now() < end) {
    const std::string input = Mutate(corpus, rng);
    std::ofstream(crash, std::ios::binary | std::ios::trunc) << input;  // kept if it crashes
    Run(input);
    ++n;
  }
  std::filesystem::remove(crash);
  std::cout << n << " mutated inputs (seed " << seed << ") ran without a crash\n";
  return n > 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  int first = 1;
  double mutate_seconds = 0;
  std::uint64_t seed = 0;
  if (argc > 3 && std::string(argv[1]) == "--mutate") {
    mutate_seconds = std::atof(argv[2]);
    seed = std::strtoull(argv[3], nullptr, 10);
    if (seed == 0) seed = std::random_device()();  // printed at the end: rerun with it
    first = 4;
  }
  std::vector<fs::path> files;
  for (int i = first; i < argc; ++i) {
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
  std::vector<std::string> corpus;
  for (const auto& f : files) {
    std::cerr << "running " << f.string() << "\n";
    corpus.push_back(Read(f));
    Run(corpus.back());
  }
  std::cout << files.size() << " inputs ran without a crash\n";
  if (files.empty()) return 1;
  return mutate_seconds > 0 ? MutateFor(corpus, mutate_seconds, seed) : 0;
}
