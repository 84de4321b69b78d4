#include "tokenizer/normalizer.h"

#include <optional>
#include <vector>

#include "tokenizer/json_fields.h"
#include "tokenizer/nfc.h"
#include "tokenizer/regex.h"
#include "util/error.h"

namespace hycam {

using nlohmann::json;
namespace jf = json_fields;

struct Replacer::Impl {
  std::optional<Regex> regex;  // set for {"Regex": ...}
  std::string literal;         // used for {"String": ...}
  std::string content;
};

Replacer::Replacer(const json& spec, const std::string& file) {
  auto impl = std::make_shared<Impl>();
  const json& pattern = jf::child(spec, "pattern", "object", file, "Replace");
  impl->content = jf::get<std::string>(spec, "content", file, "Replace");
  if (pattern.contains("String")) {
    impl->literal = jf::get<std::string>(pattern, "String", file, "Replace pattern");
    if (impl->literal.empty()) throw Error(file + ": Replace: the String pattern is empty");
  } else if (pattern.contains("Regex")) {
    impl->regex.emplace(jf::get<std::string>(pattern, "Regex", file, "Replace pattern"), false,
                        file + ": Replace");
  } else {
    throw Error(file + ": Replace: pattern must be {\"String\": ...} or {\"Regex\": ...}");
  }
  impl_ = std::move(impl);
}

std::string Replacer::apply(const std::string& text) const {
  std::vector<std::pair<size_t, size_t>> matches;
  if (impl_->regex) {
    matches = impl_->regex->find_all(text);
  } else {
    for (size_t pos = text.find(impl_->literal); pos != std::string::npos;
         pos = text.find(impl_->literal, pos + impl_->literal.size()))
      matches.emplace_back(pos, pos + impl_->literal.size());
  }
  if (matches.empty()) return text;
  std::string out;
  out.reserve(text.size() + matches.size() * impl_->content.size());
  size_t prev = 0;
  for (const auto& [start, end] : matches) {
    out.append(text, prev, start - prev);
    out += impl_->content;
    prev = end;
  }
  out.append(text, prev, std::string::npos);
  return out;
}

namespace {

class SequenceNormalizer : public Normalizer {
 public:
  explicit SequenceNormalizer(std::vector<std::unique_ptr<Normalizer>> steps)
      : steps_(std::move(steps)) {}
  std::string normalize(const std::string& text) const override {
    std::string out = text;
    for (const auto& step : steps_) out = step->normalize(out);
    return out;
  }

 private:
  std::vector<std::unique_ptr<Normalizer>> steps_;
};

// SentencePiece's dummy prefix ("▁"). Empty text stays empty, as in Hugging Face tokenizers.
class PrependNormalizer : public Normalizer {
 public:
  explicit PrependNormalizer(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string normalize(const std::string& text) const override {
    return text.empty() ? text : prefix_ + text;
  }

 private:
  std::string prefix_;
};

class ReplaceNormalizer : public Normalizer {
 public:
  explicit ReplaceNormalizer(Replacer replacer) : replacer_(std::move(replacer)) {}
  std::string normalize(const std::string& text) const override { return replacer_.apply(text); }

 private:
  Replacer replacer_;
};

class NfcNormalizer : public Normalizer {
 public:
  std::string normalize(const std::string& text) const override { return nfc(text); }
};

}  // namespace

std::unique_ptr<Normalizer> make_normalizer(const json& spec, const std::string& file) {
  if (spec.is_null()) return nullptr;
  const std::string type = jf::type_of(spec, file, "normalizer");
  if (type == "Sequence") {
    std::vector<std::unique_ptr<Normalizer>> steps;
    for (const json& s : jf::child(spec, "normalizers", "list", file, "Sequence normalizer"))
      if (auto n = make_normalizer(s, file)) steps.push_back(std::move(n));
    return std::make_unique<SequenceNormalizer>(std::move(steps));
  }
  if (type == "Prepend")
    return std::make_unique<PrependNormalizer>(
        jf::get<std::string>(spec, "prepend", file, "Prepend"));
  if (type == "Replace") return std::make_unique<ReplaceNormalizer>(Replacer(spec, file));
  if (type == "NFC") return std::make_unique<NfcNormalizer>();
  throw Error(file + ": unsupported normalizer type '" + type +
              "' (supported: Sequence, Prepend, Replace, NFC)");
}

}  // namespace hycam
