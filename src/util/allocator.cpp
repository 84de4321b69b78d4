#include "util/allocator.h"

#include <malloc.h>

namespace hycam {

void tune_allocator() {
  // 32 MiB is glibc's largest mmap threshold on 64-bit; blocks below it stay in the heap.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  // Never hand freed heap memory back to the system mid-run.
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace hycam
