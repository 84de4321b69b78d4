// Added tokens (tokenizer.json "added_tokens"): strings such as "<|im_end|>" or "<s>" that are
// cut out of the text before normalization and BPE and map straight to their ids. Matching is
// leftmost, then longest, as Hugging Face's Aho-Corasick matcher does, with the tokens'
// single_word, lstrip and rstrip flags. Tokens with normalized=true are matched in normalized text.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace hycam {

struct AddedToken {
  std::string content;
  int32_t id = -1;
  bool special = false;      // skipped by decode(skip_special=true)
  bool single_word = false;  // only matches when not inside a word
  bool lstrip = false;       // swallows the whitespace before it
  bool rstrip = false;       // swallows the whitespace after it
  bool normalized = false;   // matched after normalization instead of in the raw text
};

// Text cut at added tokens: a token (id >= 0) or a stretch of plain text (id == -1).
struct Segment {
  std::string text;
  int32_t id;
  size_t offset;  // byte offset of text in the string that was split
};

// A set of added tokens to match; `patterns[i]` is the string searched for tokens[i] (its content,
// or its normalized content for the normalized pass).
class AddedTokenMatcher {
 public:
  AddedTokenMatcher(std::vector<AddedToken> tokens, std::vector<std::string> patterns);
  std::vector<Segment> split(const std::string& text) const;
  bool empty() const { return tokens_.empty(); }

 private:
  struct Match {
    size_t start, end;
    size_t token;  // index into tokens_
  };
  bool find_at(const std::string& text, size_t pos, Match& match) const;
  bool accepts(const std::string& text, Match& match, size_t consumed) const;

  std::vector<AddedToken> tokens_;
  std::vector<std::string> patterns_;
  std::array<std::vector<size_t>, 256> by_first_byte_;  // token indices, longest pattern first
};

}  // namespace hycam
