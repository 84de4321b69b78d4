// Normalizers of tokenizer.json ("normalizer"): run on each stretch of text between added tokens,
// before pre-tokenization. Supported: Sequence, Prepend, Replace (String or Regex pattern), NFC.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace hycam {

class Normalizer {
 public:
  virtual ~Normalizer() = default;
  virtual std::string normalize(const std::string& text) const = 0;
};

// The normalizer described by `spec`; nullptr for JSON null. `file` names tokenizer.json in errors,
// which are thrown for an unknown type or a malformed field.
std::unique_ptr<Normalizer> make_normalizer(const nlohmann::json& spec, const std::string& file);

// Replaces every match of a Replace normalizer/decoder's pattern ({"String": s} or {"Regex": r})
// with `content`; shared with the Replace decoder.
class Replacer {
 public:
  Replacer(const nlohmann::json& spec, const std::string& file);
  std::string apply(const std::string& text) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace hycam
