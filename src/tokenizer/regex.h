// A compiled PCRE2 pattern in Unicode mode (PCRE2_UTF | PCRE2_UCP, so \s, \p{L}, \w follow
// Unicode), JIT-compiled when the platform allows. Used by the Split pre-tokenizer, the GPT-2
// regex of ByteLevel and the Regex form of Replace.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hycam {

class Regex {
 public:
  // literal=true matches `pattern` as plain text. `where` names the file and field for errors.
  Regex(const std::string& pattern, bool literal, const std::string& where);

  // [start, end) byte ranges of the non-empty, non-overlapping matches, left to right.
  // `text` must be valid UTF-8 (the encoder checks it once, up front).
  std::vector<std::pair<size_t, size_t>> find_all(const std::string& text) const;

 private:
  std::shared_ptr<void> code_;  // pcre2_code_8, freed with pcre2_code_free_8
  std::string where_;
};

}  // namespace hycam
