// Unicode Normalization Form C (canonical decomposition, canonical reordering, canonical
// composition; UAX #15), for the NFC normalizer of Qwen2/3-style tokenizer.json files.
#pragma once
#include <string>

namespace hycam {

// NFC of valid UTF-8 text. Pure ASCII comes back unchanged without any table look-up.
std::string nfc(const std::string& text);

}  // namespace hycam
