// Pre-tokenizers of tokenizer.json ("pre_tokenizer"): cut normalized text into the words that BPE
// encodes one by one. Supported: Sequence, Split (regex or string, every split behaviour),
// ByteLevel (GPT-2 byte map, optional GPT-2 regex and prefix space), Metaspace
// (SentencePiece "▁").
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hycam {

struct Piece {
  std::string text;
  bool at_start;  // begins at offset 0 of the encoded text (Metaspace's prepend_scheme "first")
};

class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;
  // Replaces `pieces` by their sub-pieces; empty pieces are dropped.
  virtual void split(std::vector<Piece>& pieces) const = 0;
};

// The pre-tokenizer described by `spec`; nullptr for JSON null. `file` names tokenizer.json in
// errors, which are thrown for an unknown type, behaviour or a malformed field.
std::unique_ptr<PreTokenizer> make_pre_tokenizer(const nlohmann::json& spec,
                                                 const std::string& file);

}  // namespace hycam
