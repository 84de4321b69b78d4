#include "tokenizer/byte_level.h"

#include <array>
#include <vector>

#include "tokenizer/utf8.h"

namespace hycam::byte_level {
namespace {

bool maps_to_itself(int b) {
  return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
}

struct Tables {
  std::array<std::string, 256> byte_to_utf8;
  std::vector<int> cp_to_byte = std::vector<int>(256 + 68, -1);  // the largest mapped cp is U+0143

  Tables() {
    int next = 256;
    for (int b = 0; b < 256; ++b) {
      const uint32_t cp = maps_to_itself(b) ? b : next++;
      utf8::append(byte_to_utf8[b], cp);
      cp_to_byte[cp] = b;
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

std::string encode(const std::string& bytes) {
  const Tables& t = tables();
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) out += t.byte_to_utf8[b];
  return out;
}

int byte_of(uint32_t cp) {
  const Tables& t = tables();
  return cp < t.cp_to_byte.size() ? t.cp_to_byte[cp] : -1;
}

}  // namespace hycam::byte_level
