// Writing safetensors files. The whole header is built (and the input checked) before anything is
// written, and the bytes go through write_file_atomic, so a failure never leaves a partial file.
#include <nlohmann/json.hpp>

#include "io/nbytes.h"
#include "io/safetensors.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace hycam::io {
namespace {

using nlohmann::json;

void check_tensor(const std::string& path, const TensorToWrite& t) {
  const std::string where = path + ": tensor '" + t.name + "'";
  if (t.name.empty()) throw Error(path + ": a tensor has an empty name");
  if (t.name == "__metadata__") throw Error(where + ": the name is reserved for the metadata");
  for (int64_t d : t.shape)
    if (d < 0) throw Error(where + ": negative dimension in shape " + json(t.shape).dump());
  uint64_t need = 0;
  const bool fits = detail::tensor_nbytes(t.shape, t.dtype, &need);
  if (!fits || need != t.nbytes)
    throw Error(where + ": " + std::to_string(t.nbytes) + " bytes given, shape " +
                json(t.shape).dump() + " of " + dtype_name(t.dtype) + " needs " +
                (fits ? std::to_string(need) : std::string("more than 2^64")));
  if (t.nbytes > 0 && t.data == nullptr) throw Error(where + ": data is null");
}

// The JSON header, padded with spaces so that 8 + its length (the data start) is a multiple of 8.
std::string build_header(const std::string& path, const std::vector<TensorToWrite>& tensors,
                         const std::map<std::string, std::string>& metadata) {
  json header = json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (const TensorToWrite& t : tensors) {
    check_tensor(path, t);
    if (header.contains(t.name)) throw Error(path + ": tensor '" + t.name + "' is given twice");
    header[t.name] = {{"dtype", dtype_name(t.dtype)},
                      {"shape", t.shape},
                      {"data_offsets", {offset, offset + t.nbytes}}};
    offset += t.nbytes;
  }
  std::string text;
  try {
    text = header.dump();
  } catch (const json::type_error& e) {
    throw Error(path + ": a tensor name or metadata entry is not valid UTF-8: " + e.what());
  }
  text.append((8 - text.size() % 8) % 8, ' ');
  return text;
}

}  // namespace

void write_safetensors(const std::string& path, const std::vector<TensorToWrite>& tensors,
                       const std::map<std::string, std::string>& metadata) {
  const std::string header = build_header(path, tensors, metadata);
  write_file_atomic(path, [&](std::ostream& out) {
    char length[8];
    for (int i = 0; i < 8; ++i) length[i] = char((uint64_t(header.size()) >> (8 * i)) & 0xFF);
    out.write(length, sizeof length);
    out.write(header.data(), std::streamsize(header.size()));
    for (const TensorToWrite& t : tensors)
      if (t.nbytes > 0) out.write(static_cast<const char*>(t.data), std::streamsize(t.nbytes));
  });
}

}  // namespace hycam::io
