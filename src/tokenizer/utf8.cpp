#include "tokenizer/utf8.h"

namespace hycam::utf8 {
namespace {

// Allowed range of the second byte after lead byte b (Unicode Table 3-7), and the sequence length;
// len 0 marks a byte that cannot start a sequence.
struct Lead {
  size_t len;
  uint8_t lo, hi;
};

Lead lead_of(uint8_t b) {
  if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF};
  if (b == 0xE0) return {3, 0xA0, 0xBF};
  if (b == 0xED) return {3, 0x80, 0x9F};  // excludes the surrogates
  if (b >= 0xE1 && b <= 0xEF) return {3, 0x80, 0xBF};
  if (b == 0xF0) return {4, 0x90, 0xBF};
  if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF};
  if (b == 0xF4) return {4, 0x80, 0x8F};  // stops at U+10FFFF
  return {0, 0, 0};
}

}  // namespace

Step step(const std::string& s, size_t pos) {
  const auto b0 = static_cast<uint8_t>(s[pos]);
  if (b0 < 0x80) return {b0, 1, true};
  const Lead lead = lead_of(b0);
  if (lead.len == 0) return {0, 1, false};
  uint32_t cp = b0 & (0xFF >> (lead.len + 1));
  for (size_t k = 1; k < lead.len; ++k) {
    if (pos + k >= s.size()) return {0, k, false};
    const auto b = static_cast<uint8_t>(s[pos + k]);
    const uint8_t lo = k == 1 ? lead.lo : 0x80, hi = k == 1 ? lead.hi : 0xBF;
    if (b < lo || b > hi) return {0, k, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, lead.len, true};
}

size_t find_invalid(const std::string& s) {
  for (size_t pos = 0; pos < s.size();) {
    const Step st = step(s, pos);
    if (!st.valid) return pos;
    pos += st.len;
  }
  return std::string::npos;
}

void append(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::vector<uint32_t> decode(const std::string& s) {
  std::vector<uint32_t> cps;
  cps.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) {
    const Step st = step(s, pos);
    cps.push_back(st.valid ? st.cp : 0xFFFD);
    pos += st.len;
  }
  return cps;
}

std::string lossy(const std::string& bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t pos = 0; pos < bytes.size();) {
    const Step st = step(bytes, pos);
    if (st.valid)
      out.append(bytes, pos, st.len);
    else
      append(out, 0xFFFD);
    pos += st.len;
  }
  return out;
}

}  // namespace hycam::utf8
