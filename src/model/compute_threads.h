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

// The kernel set OpenBLAS chose ("SkylakeX", "Haswell", "Prescott", ...); "" when the BLAS is not
// OpenBLAS.
std::string openblas_core();

// OpenBLAS picks its kernels once, when it loads, from the CPU's family and model numbers. Virtual
// machines often report a model it does not know ("Intel(R) Xeon(R) Processor"), and it falls
// back to Prescott's SSE3 kernels: a large sgemm ran at 64 GFLOP/s against 228-303 with the
// SkylakeX kernels on the same 2-core AVX-512 machine. When the chosen set is weaker than what the
// CPU's instruction set allows and OPENBLAS_CORETYPE is unset, this sets it and starts the program
// again (execv of /proc/self/exe with the same arguments); otherwise it returns. Setting
// OPENBLAS_CORETYPE yourself keeps your choice.
void use_best_openblas_kernels(char** argv);

// Path of the BLAS library mapped into this process ("" when none is found).
std::string blas_library();

// Writes a warning when the BLAS in use is the slow reference implementation (about 40x slower
// than OpenBLAS for training), with the package that fixes it.
void warn_if_reference_blas(std::ostream& out);

}  // namespace hycam
