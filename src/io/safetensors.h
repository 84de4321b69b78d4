// Safetensors files: reading (memory-mapped, validated when opened), atomic writing, and a model
// folder's weights (one file or index.json shards). Torch-free on purpose: the model module turns
// TensorViews into tensors, so this layer builds and tests without libtorch.
//
// Layout: u64 little-endian header length n | n bytes of JSON | raw tensor bytes. The JSON maps
// each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the
// data area) plus an optional "__metadata__" object of string -> string.
//
// Not here: dtype conversion of whole tensors (the model loader does it with the helpers in
// half.h), writing shards (the project only writes single-file adapters and checkpoints).
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/half.h"

namespace hycam::io {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

size_t dtype_size(DType dtype);       // bytes per element
const char* dtype_name(DType dtype);  // "F32", ... as spelled in the file
// Parses a file's dtype string; throws hycam::Error "WHERE: unknown dtype 'S' (expected ...)".
DType parse_dtype(const std::string& s, const std::string& where);

// A tensor inside a mapped file; `data` stays valid while the SafetensorsFile (or WeightSet) lives.
// `data` is only as aligned as the file makes it (our writer: 8 bytes); copy with memcpy.
struct TensorView {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  const uint8_t* data;
  size_t nbytes;

  int64_t numel() const;  // product of shape; 1 for a scalar (shape [])
};

// A read-only mmap of one .safetensors file. Opening validates the whole header (dtype, shape,
// offsets inside the data area, byte length, tensors tiling the data area exactly), so views handed
// out are always in bounds. A moved-from file may only be destroyed or assigned to.
class SafetensorsFile {
 public:
  explicit SafetensorsFile(const std::string& path);
  ~SafetensorsFile();
  SafetensorsFile(const SafetensorsFile&) = delete;
  SafetensorsFile& operator=(const SafetensorsFile&) = delete;
  SafetensorsFile(SafetensorsFile&&) noexcept;
  SafetensorsFile& operator=(SafetensorsFile&&) noexcept;

  const std::string& path() const;
  const std::map<std::string, std::string>& metadata() const;
  std::vector<std::string> names() const;  // ordered by data offset (the order of the bytes)
  bool contains(const std::string& name) const;
  const TensorView& tensor(const std::string& name) const;  // throws "FILE: no tensor 'NAME'"

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct TensorToWrite {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  const void* data;  // nbytes raw little-endian bytes; may be null when nbytes == 0
  size_t nbytes;     // must equal dtype_size(dtype) * product(shape)
};

// Writes tensors in the given order, metadata under "__metadata__". The header is padded with
// spaces so the data starts 8-byte aligned. Atomic (temp file + rename): on any failure `path` is
// left as it was. Throws hycam::Error naming the path (and the tensor) for bad input or I/O
// failure.
void write_safetensors(const std::string& path, const std::vector<TensorToWrite>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

// A model folder's weights: model.safetensors if present, else the shards named by
// model.safetensors.index.json ("weight_map": tensor -> shard file). Every shard is opened (and
// validated) once, and every tensor the index lists is checked to be in its shard.
class WeightSet {
 public:
  explicit WeightSet(const std::string& model_dir);

  bool contains(const std::string& name) const;
  const TensorView& tensor(const std::string& name) const;    // throws naming the folder and tensor
  const std::string& file_of(const std::string& name) const;  // path of the file that holds it
  std::vector<std::string> names() const;                     // sorted by name

 private:
  std::string dir_;
  std::vector<SafetensorsFile> files_;
  std::map<std::string, size_t> where_;  // tensor name -> index into files_
};

}  // namespace hycam::io
