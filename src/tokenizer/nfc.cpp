#include "tokenizer/nfc.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tokenizer/nfc_tables.h"
#include "tokenizer/utf8.h"

namespace hycam {
namespace {

// Hangul syllables decompose arithmetically (Unicode 3.12), so they are not in the tables.
constexpr uint32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr uint32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount;
constexpr uint32_t kSCount = kLCount * kNCount;

struct Data {
  std::unordered_map<uint32_t, std::pair<uint32_t, uint32_t>> decompose;
  std::unordered_map<uint64_t, uint32_t> compose;  // (first << 32 | second) -> primary composite

  Data() {
    decompose.reserve(nfc_tables::kDecompositionCount);
    for (size_t i = 0; i < nfc_tables::kDecompositionCount; ++i) {
      const auto& d = nfc_tables::kDecompositions[i];
      decompose[d.cp] = {d.first, d.second};
      if (d.composes) compose[(uint64_t(d.first) << 32) | d.second] = d.cp;
    }
  }
};

const Data& data() {
  static const Data d;
  return d;
}

uint8_t combining_class(uint32_t cp) {
  if (cp < 0x300) return 0;  // fast path: nothing below U+0300 combines
  const auto* begin = nfc_tables::kCombiningClasses;
  const auto* end = begin + nfc_tables::kCombiningClassCount;
  const auto* it =
      std::upper_bound(begin, end, cp, [](uint32_t c, const auto& r) { return c < r.first; });
  if (it == begin) return 0;
  --it;
  return cp <= it->last ? it->ccc : 0;
}

void decompose_into(uint32_t cp, std::vector<uint32_t>& out) {
  if (cp >= kSBase && cp < kSBase + kSCount) {
    const uint32_t s = cp - kSBase;
    out.push_back(kLBase + s / kNCount);
    out.push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount) out.push_back(kTBase + s % kTCount);
    return;
  }
  const auto& table = data().decompose;
  const auto it = table.find(cp);
  if (it == table.end()) {
    out.push_back(cp);
    return;
  }
  decompose_into(it->second.first, out);
  if (it->second.second) decompose_into(it->second.second, out);
}

// Stable sort of every run of non-starters by combining class.
void reorder(std::vector<uint32_t>& cps) {
  for (size_t i = 0; i < cps.size();) {
    if (combining_class(cps[i]) == 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < cps.size() && combining_class(cps[j]) != 0) ++j;
    std::stable_sort(cps.begin() + i, cps.begin() + j, [](uint32_t a, uint32_t b) {
      return combining_class(a) < combining_class(b);
    });
    i = j;
  }
}

// The primary composite of (a, b), or 0 when there is none.
uint32_t compose_pair(uint32_t a, uint32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
    return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase &&
      b < kTBase + kTCount)
    return a + (b - kTBase);
  const auto& table = data().compose;
  const auto it = table.find((uint64_t(a) << 32) | b);
  return it == table.end() ? 0 : it->second;
}

// Canonical composition in place: a character joins the last starter unless a character of the
// same or higher class stands between them ("blocked").
void compose(std::vector<uint32_t>& cps) {
  if (cps.empty()) return;
  size_t starter = 0, out = 1;
  int last_class = combining_class(cps[0]) ? 256 : 0;  // a leading non-starter blocks everything
  for (size_t i = 1; i < cps.size(); ++i) {
    const uint32_t ch = cps[i];
    const int cls = combining_class(ch);
    const uint32_t composite = compose_pair(cps[starter], ch);
    if (composite && (last_class < cls || last_class == 0)) {
      cps[starter] = composite;
      continue;
    }
    if (cls == 0) starter = out;
    last_class = cls;
    cps[out++] = ch;
  }
  cps.resize(out);
}

}  // namespace

std::string nfc(const std::string& text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; })) return text;
  std::vector<uint32_t> cps;
  cps.reserve(text.size());
  for (uint32_t cp : utf8::decode(text)) decompose_into(cp, cps);
  reorder(cps);
  compose(cps);
  std::string out;
  out.reserve(text.size());
  for (uint32_t cp : cps) utf8::append(out, cp);
  return out;
}

}  // namespace hycam
