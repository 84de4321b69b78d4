#include "model/compute_threads.h"

#include <dlfcn.h>
#include <sched.h>

#include <fstream>

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
