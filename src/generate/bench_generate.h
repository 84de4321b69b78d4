// `hycam bench generate`: prefill and decode speed of a model with the key/value cache, next to
// the memory bandwidth of the machine measured in the same run.
//
// Decoding one token reads every weight once, so its speed is bounded by memory bandwidth:
//   weight_gb_per_s = parameter bytes x decode steps per second
//   bound_fraction  = weight_gb_per_s / measured copy bandwidth
// (a tied head is counted once; an untied embedding matrix is counted though a step reads one
// row of it). The bandwidth is a STREAM-style copy of a large float buffer (read + write bytes,
// best of several), on the CPU, with the threads torch uses.
// Prefill: one forward pass of batch x prompt tokens into an empty cache. Decode: greedy steps
// of one token per row (EOS ignored), timed together after a warm-up run.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace hycam {

struct GenerateBenchOptions {
  std::string config;        // config.json: random weights (random_model, `seed`)
  std::string model_dir;     // or a model folder
  int64_t prompt_tokens = 128;  // prefill length per row
  int64_t new_tokens = 64;      // decode steps
  int64_t batch = 1;
  int64_t repeats = 3;       // timed runs after one warm-up; the best is reported
  uint64_t seed = 0;
  int64_t threads = 0;       // 0: torch's default
  int64_t bandwidth_mib = 512;  // size of each of the two copy buffers

  void validate() const;
};

struct GenerateBenchResult {
  double prefill_tokens_per_s = 0;
  double decode_tokens_per_s = 0;   // batch x steps per second
  double weight_bytes = 0;          // parameter bytes read per decode step
  double weight_gb_per_s = 0;       // weight_bytes x steps per second / 1e9
  double memory_gb_per_s = 0;       // measured copy bandwidth
  double bound_fraction = 0;        // weight_gb_per_s / memory_gb_per_s
  nlohmann::json json;              // every figure, machine-readable (one JSON line)
  std::string table;                // the same for people
};

GenerateBenchResult run_generate_bench(const GenerateBenchOptions& opts);

// GB/s of copying a float buffer of `buffer_mib` MiB into another (bytes read + bytes written),
// best of `repeats`, after one untimed copy that faults the pages in.
double measure_copy_bandwidth_gbps(int64_t buffer_mib = 512, int repeats = 5);

}  // namespace hycam
