// Decoders of tokenizer.json ("decoder"): turn the token strings of some ids back into text. Each
// step maps the list of token strings to a new list (Hugging Face's decode_chain); the text is
// their concatenation. Supported: Sequence, Replace, ByteFallback, Fuse, Strip, ByteLevel,
// Metaspace.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hycam {

class Decoder {
 public:
  virtual ~Decoder() = default;
  virtual std::vector<std::string> decode(std::vector<std::string> tokens) const = 0;
};

// The decoder described by `spec`; nullptr for JSON null (tokens are then joined with spaces, as
// in Hugging Face). `file` names tokenizer.json in errors.
std::unique_ptr<Decoder> make_decoder(const nlohmann::json& spec, const std::string& file);

}  // namespace hycam
