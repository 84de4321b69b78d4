// TextStream: turns generated token ids into printable text as they come. Each push decodes the
// prompt plus everything generated so far and returns only the new text: decoding token by token
// would lose the spaces SentencePiece-style decoders strip at the start of a text and would cut
// multi-byte UTF-8 characters spread over several byte tokens. While the decoded text ends in an
// incomplete character (U+FFFD) it is held back until the next token completes it; flush() gives
// whatever is left at the end. Special tokens (EOS) are not printed.
// Cost: one decode of the whole sequence per token, fine for the lengths a CLI generates.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace hycam {

class TextStream {
 public:
  TextStream(Tokenizer tokenizer, const std::vector<int64_t>& prompt);

  // The text that `token` adds (possibly empty while a character is incomplete).
  std::string push(int64_t token);
  // The held-back rest, replacement characters included.
  std::string flush();

 private:
  std::string delta(bool final);

  Tokenizer tok_;
  std::vector<int32_t> ids_;  // prompt + generated
  std::string printed_;       // decoded text already returned, prompt text first
};

}  // namespace hycam
