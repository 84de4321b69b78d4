// Threads for CPU compute. Two pools share the cores: OpenBLAS's own pthreads (every matrix
// product) and libtorch's OpenMP pool (element-wise work, reductions, and loops that call BLAS per
// batch item). Letting both spread over the same cores is the costliest mistake on a small
// machine: libtorch at 2 threads beside OpenBLAS at 2 trained smollm2-135m (seq 256) at 73
// tokens/s on an idle 2-core machine, against 180 with libtorch at 1 (158 with
// OMP_WAIT_POLICY=PASSIVE), as the pools pre-empt each other's spinning workers. So the cores go
// to BLAS, where nearly all the FLOPs are, and libtorch keeps one thread.
#pragma once
#include <ostream>
#include <string>

namespace hycam {

// Cores this process may run on (its CPU affinity mask).
int usable_cores();

// BLAS gets `cores` threads (0: every usable core), libtorch one. Returns the cores used.
int set_compute_threads(int cores);

// Path of the BLAS library mapped into this process ("" when none is found).
std::string blas_library();

// Writes a warning when the BLAS in use is the slow reference implementation (about 40x slower
// than OpenBLAS for training), with the package that fixes it.
void warn_if_reference_blas(std::ostream& out);

}  // namespace hycam
