#include "model/compute_threads.h"

#include <dlfcn.h>
#include <sched.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <vector>

#include <ATen/Parallel.h>

namespace hycam {

int usable_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return 1;
  return std::max(1, CPU_COUNT(&set));
}

int set_compute_threads(int cores) {
  if (cores <= 0) cores = usable_cores();
  // openblas_set_num_threads exists only when the BLAS is OpenBLAS: look it up rather than link it.
  using SetThreads = void (*)(int);
  if (auto set_blas = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
    set_blas(cores);
  at::set_num_threads(1);
  return cores;
}

std::string openblas_core() {
  using CoreName = char* (*)();
  auto core_name = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  return core_name ? core_name() : "";
}

namespace {

// The best kernel set the instruction set allows, and the names OpenBLAS gives that set or a
// better one. Empty when neither AVX-512 nor AVX2 is there (nothing to improve on).
struct KernelChoice {
  std::string name;
  std::vector<std::string> good_enough;
};

KernelChoice best_openblas_kernels() {
  __builtin_cpu_init();
  const std::vector<std::string> avx512 = {"SkylakeX", "Cooperlake", "SapphireRapids"};
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
    return {"SkylakeX", avx512};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    auto good = avx512;
    good.insert(good.end(), {"Haswell", "Zen"});
    return {"Haswell", good};
  }
  return {};
}

}  // namespace

void use_best_openblas_kernels(char** argv) {
  if (std::getenv("OPENBLAS_CORETYPE")) return;
  const auto core = openblas_core();
  const auto best = best_openblas_kernels();
  if (core.empty() || best.name.empty()) return;
  for (const auto& good : best.good_enough)
    if (core == good) return;
  setenv("OPENBLAS_CORETYPE", best.name.c_str(), 1);
  execv("/proc/self/exe", argv);  // returns only on failure: then run on with the kernels we have
}

std::string blas_library() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    const auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    const auto path = line.substr(slash);
    if (path.find("libblas.so") != std::string::npos || path.find("openblas") != std::string::npos ||
        path.find("libmkl") != std::string::npos || path.find("blis") != std::string::npos)
      return path;
  }
  return "";
}

void warn_if_reference_blas(std::ostream& out) {
  const auto lib = blas_library();
  if (lib.find("/blas/libblas.so") != std::string::npos)
    out << "warning: matrix products use the reference BLAS (" << lib
        << "), about 40x slower than OpenBLAS; install libopenblas0-pthread (scripts/setup.sh does)\n";
}

}  // namespace hycam
