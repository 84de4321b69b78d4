// Reading safetensors files: mmap the file, then validate the JSON header completely before any
// view is handed out, so the rest of the project never checks bounds itself. The rules follow
// shared/tools/ref_hycam.py (and the Rust reference): every tensor in bounds, byte length equal to
// dtype size x product(shape), and the tensors tiling the data area exactly (no overlap, no hole).
#include "io/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "io/nbytes.h"
#include "util/error.h"

// Tensor bytes are used as they lie in the file, which is little-endian.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "hycam::io assumes a little-endian host");

namespace hycam::io {
namespace {

using nlohmann::json;

struct DTypeInfo {
  DType dtype;
  const char* name;
  size_t size;
};
constexpr DTypeInfo kDTypes[] = {
    {DType::F64, "F64", 8},   {DType::F32, "F32", 4}, {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2}, {DType::I64, "I64", 8}, {DType::I32, "I32", 4},
    {DType::I16, "I16", 2},   {DType::I8, "I8", 1},   {DType::U8, "U8", 1},
    {DType::BOOL, "BOOL", 1},
};

const DTypeInfo& info_of(DType dtype) {
  for (const DTypeInfo& d : kDTypes)
    if (d.dtype == dtype) return d;
  throw Error("hycam::io: invalid DType value " + std::to_string(int(dtype)));
}

uint64_t read_u64_le(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// What a header field holds, for messages: its JSON text, or "missing".
std::string field_text(const json& entry, const char* key) {
  auto it = entry.find(key);
  return it == entry.end() ? "missing" : it->dump();
}

std::vector<int64_t> parse_shape(const std::string& where, const json& entry) {
  auto shape = entry.find("shape");
  bool ok = shape != entry.end() && shape->is_array();
  std::vector<int64_t> dims;
  for (size_t i = 0; ok && i < shape->size(); ++i) {
    const json& d = (*shape)[i];
    ok = d.is_number_unsigned() &&
         d.get<uint64_t>() <= uint64_t(std::numeric_limits<int64_t>::max());
    if (ok) dims.push_back(d.get<int64_t>());
  }
  if (!ok)
    throw Error(where + ": bad shape " + field_text(entry, "shape") +
                " (expected a list of non-negative integers)");
  return dims;
}

// Reads "data_offsets" [begin, end] (relative to the data area) and checks it lies inside it.
void parse_offsets(const std::string& where, const json& entry, uint64_t data_len, uint64_t* begin,
                   uint64_t* end) {
  auto offs = entry.find("data_offsets");
  if (offs == entry.end() || !offs->is_array() || offs->size() != 2 ||
      !(*offs)[0].is_number_unsigned() || !(*offs)[1].is_number_unsigned())
    throw Error(where + ": bad data_offsets " + field_text(entry, "data_offsets") +
                " (expected [begin, end], non-negative integers)");
  *begin = (*offs)[0].get<uint64_t>();
  *end = (*offs)[1].get<uint64_t>();
  if (*end < *begin)
    throw Error(where + ": data_offsets end " + std::to_string(*end) + " < begin " +
                std::to_string(*begin));
  if (*end > data_len)
    throw Error(where + ": data_offsets " + offs->dump() + " outside the data area of " +
                std::to_string(data_len) + " bytes");
}

}  // namespace

size_t dtype_size(DType dtype) { return info_of(dtype).size; }

const char* dtype_name(DType dtype) { return info_of(dtype).name; }

DType parse_dtype(const std::string& s, const std::string& where) {
  std::string known;
  for (const DTypeInfo& d : kDTypes) {
    if (s == d.name) return d.dtype;
    known += known.empty() ? d.name : std::string(", ") + d.name;
  }
  throw Error(where + ": unknown dtype '" + s + "' (expected one of " + known + ")");
}

int64_t TensorView::numel() const {
  // A zero dimension first: the other dimensions of an empty tensor may be huge.
  if (std::find(shape.begin(), shape.end(), 0) != shape.end()) return 0;
  int64_t n = 1;
  for (int64_t d : shape) n *= d;  // cannot overflow: nbytes was checked against the file size
  return n;
}

struct SafetensorsFile::Impl {
  std::string path;
  void* map = nullptr;
  size_t map_size = 0;
  std::map<std::string, std::string> metadata;
  std::map<std::string, TensorView> tensors;
  std::vector<std::string> order;  // names by data offset

  ~Impl() {
    if (map) ::munmap(map, map_size);
  }
  const uint8_t* bytes() const { return static_cast<const uint8_t*>(map); }

  void map_file();
  json read_header(size_t* data_start) const;
  void take_metadata(json& header);
  TensorView parse_entry(const std::string& name, const json& entry, size_t data_start) const;
  void check_tiling(size_t data_start);
};

// Maps the whole file read-only; the descriptor is closed at once (the mapping keeps the file).
void SafetensorsFile::Impl::map_file() {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path + ": cannot open: " + std::strerror(errno));
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Error(path + ": not a regular file");
  }
  const size_t size = size_t(st.st_size);
  if (size < 8) {
    ::close(fd);
    throw Error(path + ": file is " + std::to_string(size) +
                " bytes, too short for a safetensors file (at least 8: the header length)");
  }
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int err = errno;
  ::close(fd);
  if (p == MAP_FAILED) throw Error(path + ": cannot memory-map: " + std::strerror(err));
  map = p;
  map_size = size;
}

json SafetensorsFile::Impl::read_header(size_t* data_start) const {
  const uint64_t n = read_u64_le(bytes());
  if (n == 0) throw Error(path + ": header length is 0 (not a safetensors file?)");
  if (n > map_size - 8)
    throw Error(path + ": header length " + std::to_string(n) +
                " goes beyond the end of the file (" + std::to_string(map_size) +
                " bytes; truncated or not a safetensors file?)");
  json header;
  try {
    header = json::parse(bytes() + 8, bytes() + 8 + n);
  } catch (const json::parse_error& e) {
    throw Error(path + ": header is not valid JSON: " + e.what());
  }
  if (!header.is_object())
    throw Error(path + ": header is not a JSON object (got " + header.type_name() + ")");
  *data_start = 8 + size_t(n);
  return header;
}

// Moves "__metadata__" out of the header (so only tensor entries remain). null means none.
void SafetensorsFile::Impl::take_metadata(json& header) {
  auto it = header.find("__metadata__");
  if (it == header.end()) return;
  const json meta = std::move(*it);
  header.erase(it);
  if (meta.is_null()) return;
  if (!meta.is_object())
    throw Error(path + ": __metadata__ must map strings to strings (got " + meta.type_name() + ")");
  for (const auto& [key, value] : meta.items()) {
    if (!value.is_string())
      throw Error(path + ": __metadata__ must map strings to strings; '" + key + "' is a " +
                  value.type_name());
    metadata[key] = value.get<std::string>();
  }
}

TensorView SafetensorsFile::Impl::parse_entry(const std::string& name, const json& entry,
                                              size_t data_start) const {
  const std::string where = path + ": tensor '" + name + "'";
  if (!entry.is_object())
    throw Error(where + ": entry is not a JSON object (got " + entry.type_name() + ")");
  auto dt = entry.find("dtype");
  if (dt == entry.end() || !dt->is_string())
    throw Error(where + ": unknown dtype " + field_text(entry, "dtype"));
  TensorView view{name, parse_dtype(dt->get<std::string>(), where), parse_shape(where, entry),
                  nullptr, 0};
  uint64_t begin = 0, end = 0;
  parse_offsets(where, entry, map_size - data_start, &begin, &end);
  uint64_t need = 0;
  const bool fits = detail::tensor_nbytes(view.shape, view.dtype, &need);
  if (!fits || need != end - begin)
    throw Error(where + ": " + std::to_string(end - begin) + " bytes do not match shape " +
                json(view.shape).dump() + " of " + dtype_name(view.dtype) + " (" +
                (fits ? std::to_string(need) + " bytes)" : "more than 2^64 bytes)"));
  view.data = bytes() + data_start + begin;
  view.nbytes = size_t(end - begin);
  return view;
}

// Like the reference: the tensors must tile the data area exactly, so no byte is shared by two
// tensors or belongs to none. Also fixes `order` (names by offset).
void SafetensorsFile::Impl::check_tiling(size_t data_start) {
  std::vector<const TensorView*> views;
  for (const auto& [name, view] : tensors) views.push_back(&view);
  // Stable: equal spans (zero-size tensors at one offset) keep name order.
  std::stable_sort(views.begin(), views.end(), [](const TensorView* a, const TensorView* b) {
    return a->data != b->data ? a->data < b->data : a->nbytes < b->nbytes;
  });
  const uint8_t* data = bytes() + data_start;
  size_t covered = 0;
  const TensorView* prev = nullptr;
  for (const TensorView* v : views) {
    const size_t begin = size_t(v->data - data);
    if (begin < covered)
      throw Error(path + ": tensor '" + v->name + "' (bytes " + std::to_string(begin) + ".." +
                  std::to_string(begin + v->nbytes) + ") overlaps tensor '" + prev->name +
                  "' (which ends at " + std::to_string(covered) + ")");
    if (begin > covered)
      throw Error(path + ": hole of " + std::to_string(begin - covered) + " bytes before tensor '" +
                  v->name + "' (bytes " + std::to_string(covered) + ".." + std::to_string(begin) +
                  " belong to no tensor)");
    covered = begin + v->nbytes;
    prev = v;
    order.push_back(v->name);
  }
  if (covered != map_size - data_start)
    throw Error(path + ": tensors cover " + std::to_string(covered) +
                " bytes but the data area has " + std::to_string(map_size - data_start) +
                " (trailing bytes belong to no tensor)");
}

SafetensorsFile::SafetensorsFile(const std::string& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->map_file();
  size_t data_start = 0;
  json header = impl_->read_header(&data_start);
  impl_->take_metadata(header);
  for (const auto& [name, entry] : header.items())
    impl_->tensors.emplace(name, impl_->parse_entry(name, entry, data_start));
  impl_->check_tiling(data_start);
}

SafetensorsFile::~SafetensorsFile() = default;
SafetensorsFile::SafetensorsFile(SafetensorsFile&&) noexcept = default;
SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&&) noexcept = default;

const std::string& SafetensorsFile::path() const { return impl_->path; }

const std::map<std::string, std::string>& SafetensorsFile::metadata() const {
  return impl_->metadata;
}

std::vector<std::string> SafetensorsFile::names() const { return impl_->order; }

bool SafetensorsFile::contains(const std::string& name) const {
  return impl_->tensors.count(name) != 0;
}

const TensorView& SafetensorsFile::tensor(const std::string& name) const {
  auto it = impl_->tensors.find(name);
  if (it == impl_->tensors.end()) throw Error(impl_->path + ": no tensor '" + name + "'");
  return it->second;
}

}  // namespace hycam::io
