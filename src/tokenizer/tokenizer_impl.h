// The loaded state behind hycam::Tokenizer (tokenizer_load.cpp builds it, tokenizer.cpp uses it).
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "tokenizer/added_tokens.h"
#include "tokenizer/bpe.h"
#include "tokenizer/decoder.h"
#include "tokenizer/normalizer.h"
#include "tokenizer/pretokenizer.h"
#include "tokenizer/special_tokens.h"
#include "tokenizer/tokenizer.h"

namespace hycam {

struct Tokenizer::Impl {
  std::unique_ptr<BpeModel> model;
  std::unique_ptr<Normalizer> normalizer;        // may be null
  std::unique_ptr<PreTokenizer> pre_tokenizer;   // may be null: the whole stretch is one word
  std::unique_ptr<Decoder> decoder;              // may be null: tokens are joined with spaces
  std::unique_ptr<AddedTokenMatcher> raw_added;  // added tokens with normalized=false
  std::unique_ptr<AddedTokenMatcher> normalized_added;  // added tokens with normalized=true
  std::unordered_map<std::string, int32_t> added_ids;   // content -> id of every added token
  std::vector<std::string> tokens;  // id -> token string ("" for an id without one)
  std::vector<bool> special;        // id -> is a special added token
  SpecialTokens special_tokens;
};

// Added tokens first, then the model vocabulary; -1 when unknown.
int32_t lookup_token(const Tokenizer::Impl& impl, const std::string& token);

std::shared_ptr<const Tokenizer::Impl> load_tokenizer(const std::string& tokenizer_json,
                                                      const std::string& tokenizer_config_json);

}  // namespace hycam
