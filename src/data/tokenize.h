// Examples -> token samples with a loss mask. The prompt (prompt_template.h) is encoded with the
// tokenizer's own special tokens (BOS), the response without any, then EOS is appended. By default
// only the response and EOS are targets; loss_on_prompt makes every token after BOS one, as the
// official HyCAM code.
// max_len never drops a sample: the response tail is cut first; when the prompt alone would leave
// fewer than max_len/4 response tokens, the prompt is cut from its start instead (BOS is kept, and
// so is the prompt's end, the "### Response:" cue), so that min(response, max_len/4) response
// tokens remain. A cut response loses its EOS: the model is not taught to stop mid-answer.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/examples.h"
#include "data/prompt_template.h"
#include "tokenizer/tokenizer.h"

namespace hycam::data {

struct Sample {
  int32_t task = 0;                // index of the task in the run's task list
  std::vector<int32_t> ids;        // BOS, prompt, response, EOS
  std::vector<uint8_t> is_target;  // 1 where ids[t] is a token the model is trained to predict
  bool truncated = false;          // cut to max_len
};

struct TokenizeOptions {
  int64_t max_len = 512;        // tokens per sample, BOS and EOS included
  bool loss_on_prompt = false;  // true: the prompt's tokens are targets too
  Template prompt_template = Template::Alpaca;
  void validate() const;  // max_len >= 8
};

struct TokenizeStats {
  int64_t samples = 0, truncated = 0, tokens = 0, target_tokens = 0;
  void add(const Sample& s);
};

Sample tokenize_example(const Tokenizer& tok, const Example& e, int32_t task, const TokenizeOptions& o);
// Adds to *stats when given.
std::vector<Sample> tokenize_examples(const Tokenizer& tok, const std::vector<Example>& examples, int32_t task,
                                      const TokenizeOptions& o, TokenizeStats* stats = nullptr);

}  // namespace hycam::data
