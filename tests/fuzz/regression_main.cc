// A main() for the fuzz targets when they are built without libFuzzer (the gcc build):
//   fuzz_T FILE_OR_DIR...                  runs LLVMFuzzerTestOneInput once over every file
//                                          (directories walked recursively): CTest replays the
//                                          seed corpus and every saved crash input on each build;
//   fuzz_T --mutate SECONDS SEED DIR...    (SEED 0: a random one) then keeps feeding it random
//   mutations of those inputs
//                                          (byte flips, inserts, deletes, splices) for SECONDS.
// The mutation mode is what CI can afford on every build: no coverage guidance, no sanitizers,
// but the targets' own checks (std::abort on a located-less diagnostic, a non-JSON answer, ...)
// and any crash fail the test. A crashing input is written to fuzz-crash-<seed> in the working
// directory by the signal handler, so it can be replayed and saved under regressions/. scripts/fuzz
// runs the coverage-guided libFuzzer build with ASan and UBSan.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
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

// The input running now and where a crash writes it: set before each run, read by the handler.
std::string g_input;
std::string g_crash_path;

extern "C" void WriteInputAndDie(int sig) {
  // Only async-signal-safe calls here: open, write, close, then the default action.
  const int fd = ::open(g_crash_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    (void)!::write(fd, g_input.data(), g_input.size());
    ::close(fd);
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// Characters that matter to YAML, JSON and HTTP more often than random bytes do.
constexpr char kInteresting[] = "\n\t :-,[]{}\"'#&*!|>%@`?\\/=0123456789\xff\x00";

std::string Mutate(const std::vector<std::string>& corpus, std::mt19937_64& rng) {
  std::string s = corpus[rng() % corpus.size()];
  const int steps = 1 + static_cast<int>(rng() % 8);
  for (int i = 0; i < steps; ++i) {
    const std::size_t at = s.empty() ? 0 : rng() % s.size();
    const char c =
        rng() % 2 ? static_cast<char>(rng()) : kInteresting[rng() % (sizeof kInteresting)];
    switch (rng() % 5) {
      case 0:
        if (!s.empty()) s[at] = c;
        break;
      case 1:
        s.insert(at, 1, c);
        break;
      case 2:
        if (!s.empty()) s.erase(at, 1 + rng() % 16);
        break;
      case 3: {  // splice a piece of another input
        const std::string& other = corpus[rng() % corpus.size()];
        if (other.empty()) break;
        const std::size_t from = rng() % other.size();
        s.insert(at, other.substr(from, 1 + rng() % 64));
        break;
      }
      default:
        if (!s.empty()) s.insert(at, s.substr(at, 1 + rng() % 32));
        break;  // repeat
    }
  }
  return s;
}

int MutateFor(const std::vector<std::string>& corpus, double seconds, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  g_crash_path = "fuzz-crash-" + std::to_string(seed);
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, WriteInputAndDie);
  long long n = 0;
  std::cerr << "mutating for " << seconds << " s with seed " << seed << "; a crashing input is "
            << "written to " << g_crash_path << "\n";
  while (std::chrono::steady_clock::now() < end) {
    g_input = Mutate(corpus, rng);
    Run(g_input);
    ++n;
  }
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
