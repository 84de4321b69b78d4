// Options of the Metaspace pre-tokenizer and decoder (SentencePiece's "▁" for spaces, as written
// by newer Llama/Mistral conversions), shared by pretokenizer.cpp and decoder.cpp.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace hycam {

struct MetaspaceOptions {
  std::string replacement;  // one character, usually "▁"
  // always: prefix every piece; first: only the piece at the start of the text; never.
  enum class Prepend { Always, First, Never } prepend = Prepend::Always;
  bool split = true;  // cut before every replacement character
};

// Reads both the current form (prepend_scheme, split) and the older add_prefix_space flag.
MetaspaceOptions parse_metaspace(const nlohmann::json& spec, const std::string& file);

}  // namespace hycam
