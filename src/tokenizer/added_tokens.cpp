#include "tokenizer/added_tokens.h"

#include <algorithm>

#include "tokenizer/regex.h"
#include "tokenizer/utf8.h"

namespace hycam {
namespace {

// Unicode White_Space, the set Rust's \s (used by Hugging Face for lstrip/rstrip) matches.
bool is_space(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

// Start of the last UTF-8 character before byte `end`.
size_t char_start_before(const std::string& s, size_t end) {
  size_t i = end - 1;
  while (i > 0 && (static_cast<uint8_t>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

bool is_word_char(const std::string& s, size_t start, size_t len) {
  static const Regex word(R"(^\w$)", false, "added token single_word check");
  return !word.find_all(s.substr(start, len)).empty();
}

}  // namespace

AddedTokenMatcher::AddedTokenMatcher(std::vector<AddedToken> tokens,
                                     std::vector<std::string> patterns)
    : tokens_(std::move(tokens)), patterns_(std::move(patterns)) {
  for (size_t i = 0; i < tokens_.size(); ++i)
    if (!patterns_[i].empty()) by_first_byte_[static_cast<uint8_t>(patterns_[i][0])].push_back(i);
  for (auto& bucket : by_first_byte_)
    std::stable_sort(bucket.begin(), bucket.end(),
                     [&](size_t a, size_t b) { return patterns_[a].size() > patterns_[b].size(); });
}

// The longest token whose pattern starts at `pos`.
bool AddedTokenMatcher::find_at(const std::string& text, size_t pos, Match& match) const {
  for (size_t i : by_first_byte_[static_cast<uint8_t>(text[pos])]) {
    if (text.compare(pos, patterns_[i].size(), patterns_[i]) == 0) {
      match = {pos, pos + patterns_[i].size(), i};
      return true;
    }
  }
  return false;
}

// Applies single_word (may reject the match) and lstrip/rstrip (widen it over whitespace, but not
// back into text already consumed by the previous match).
bool AddedTokenMatcher::accepts(const std::string& text, Match& m, size_t consumed) const {
  const AddedToken& t = tokens_[m.token];
  if (t.single_word) {
    const size_t before = m.start > 0 ? char_start_before(text, m.start) : 0;
    const bool word_before = m.start > 0 && is_word_char(text, before, m.start - before);
    const bool word_after =
        m.end < text.size() && is_word_char(text, m.end, utf8::step(text, m.end).len);
    if (word_before || word_after) return false;
  }
  if (t.lstrip) {
    while (m.start > consumed) {
      const size_t prev = char_start_before(text, m.start);
      if (!is_space(utf8::step(text, prev).cp)) break;
      m.start = prev;
    }
  }
  if (t.rstrip) {
    while (m.end < text.size()) {
      const utf8::Step st = utf8::step(text, m.end);
      if (!is_space(st.cp)) break;
      m.end += st.len;
    }
  }
  return true;
}

std::vector<Segment> AddedTokenMatcher::split(const std::string& text) const {
  std::vector<Segment> out;
  size_t consumed = 0, pos = 0;
  while (pos < text.size()) {
    Match m;
    if (!find_at(text, pos, m)) {
      ++pos;
      continue;
    }
    pos = m.end;  // a rejected match is skipped whole, as non-overlapping search does
    if (!accepts(text, m, consumed)) continue;
    if (m.start > consumed)
      out.push_back({text.substr(consumed, m.start - consumed), -1, consumed});
    out.push_back({text.substr(m.start, m.end - m.start), tokens_[m.token].id, m.start});
    consumed = pos = m.end;
  }
  if (consumed < text.size()) out.push_back({text.substr(consumed), -1, consumed});
  return out;
}

}  // namespace hycam
