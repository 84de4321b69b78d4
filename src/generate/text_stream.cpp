#include "generate/text_stream.h"

namespace hycam {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD, what decode gives for cut UTF-8

// Length of `s` without its trailing U+FFFD characters.
size_t without_trailing_replacements(const std::string& s) {
  size_t n = s.size();
  while (n >= kReplacement.size() && s.compare(n - kReplacement.size(), kReplacement.size(), kReplacement) == 0)
    n -= kReplacement.size();
  return n;
}

}  // namespace

TextStream::TextStream(Tokenizer tokenizer, const std::vector<int64_t>& prompt)
    : tok_(std::move(tokenizer)), ids_(prompt.begin(), prompt.end()) {
  printed_ = tok_.decode(ids_, /*skip_special=*/true);
  printed_.resize(without_trailing_replacements(printed_));  // completed by the first tokens
}

std::string TextStream::push(int64_t token) {
  ids_.push_back(static_cast<int32_t>(token));
  return delta(false);
}

std::string TextStream::flush() { return delta(true); }

std::string TextStream::delta(bool final) {
  std::string text = tok_.decode(ids_, /*skip_special=*/true);
  const size_t ready = final ? text.size() : without_trailing_replacements(text);
  // Decoders used here only ever extend the text; should one rewrite what was printed, the
  // output keeps its length in step with the text rather than repeating it.
  const size_t from = printed_.size();
  if (ready <= from) return "";
  printed_ = text.substr(0, ready);
  return text.substr(from, ready - from);
}

}  // namespace hycam
