// Which special tokens a tokenizer has (BOS, EOS, PAD) and which it adds around encoded text, from
// tokenizer_config.json (add_bos_token / add_eos_token, bos_token / eos_token / pad_token) or, when
// the config has no such flags, from tokenizer.json's TemplateProcessing post_processor.
#pragma once
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hycam {

struct SpecialTokens {
  int32_t bos = -1, eos = -1, pad = -1;
  std::vector<int32_t> prefix, suffix;  // added before / after the ids when add_special is true
};

struct SpecialTokenSources {
  const nlohmann::json& config;  // tokenizer_config.json, or null when there is none
  const std::string& config_file;
  const nlohmann::json& tokenizer;  // the whole tokenizer.json
  const std::string& tokenizer_file;
  std::function<int32_t(const std::string&)> token_to_id;  // -1 when unknown
};

// Throws hycam::Error naming the file for a token name that is not in the vocabulary and for an
// unsupported post_processor type.
SpecialTokens resolve_special_tokens(const SpecialTokenSources& src);

}  // namespace hycam
