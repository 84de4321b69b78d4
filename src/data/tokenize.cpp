#include "data/tokenize.h"

#include <algorithm>

#include "util/error.h"

namespace hycam::data {
namespace {

using Ids = std::vector<int32_t>;

// Cuts `prompt` to `keep` tokens by dropping tokens after BOS (when it starts with one), so the
// template's end, right before the response, survives.
void cut_prompt_start(Ids& prompt, size_t keep, bool has_bos) {
  const size_t head = has_bos ? 1 : 0;
  const auto drop = static_cast<std::ptrdiff_t>(prompt.size() - keep);
  prompt.erase(prompt.begin() + static_cast<std::ptrdiff_t>(head),
               prompt.begin() + static_cast<std::ptrdiff_t>(head) + drop);
}

}  // namespace

void TokenizeOptions::validate() const {
  // Below 8 the max_len/4 guarantee would leave a sample with one response token or none.
  if (max_len < 8) throw Error("max_len " + std::to_string(max_len) + ": must be at least 8 tokens");
}

void TokenizeStats::add(const Sample& s) {
  samples += 1;
  truncated += s.truncated;
  tokens += static_cast<int64_t>(s.ids.size());
  target_tokens += std::count(s.is_target.begin(), s.is_target.end(), 1);
}

Sample tokenize_example(const Tokenizer& tok, const Example& e, int32_t task, const TokenizeOptions& o) {
  o.validate();
  Ids prompt = tok.encode(format_prompt(e, o.prompt_template), /*add_special=*/true);
  // A tokenizer configured to add EOS too would end the prompt with it; the prompt text itself
  // ends with the template's newline, never with EOS.
  if (!prompt.empty() && tok.eos_id() >= 0 && prompt.back() == tok.eos_id()) prompt.pop_back();
  Ids response = tok.encode(e.output, /*add_special=*/false);
  if (tok.eos_id() >= 0) response.push_back(tok.eos_id());
  const bool has_bos = tok.bos_id() >= 0 && !prompt.empty() && prompt.front() == tok.bos_id();

  Sample s;
  s.task = task;
  const auto max_len = static_cast<size_t>(o.max_len);
  if (prompt.size() + response.size() > max_len) {
    s.truncated = true;
    const size_t keep_response = std::min(response.size(), max_len / 4);
    if (prompt.size() + keep_response > max_len) cut_prompt_start(prompt, max_len - keep_response, has_bos);
    response.resize(max_len - prompt.size());
  }
  s.ids = std::move(prompt);
  const size_t prompt_len = s.ids.size();
  s.ids.insert(s.ids.end(), response.begin(), response.end());
  s.is_target.assign(s.ids.size(), 0);
  // BOS is never a target: nothing comes before it to predict it from.
  const size_t first_target = o.loss_on_prompt ? (has_bos ? 1 : 0) : prompt_len;
  std::fill(s.is_target.begin() + static_cast<std::ptrdiff_t>(first_target), s.is_target.end(), 1);
  return s;
}

std::vector<Sample> tokenize_examples(const Tokenizer& tok, const std::vector<Example>& examples, int32_t task,
                                      const TokenizeOptions& o, TokenizeStats* stats) {
  std::vector<Sample> out;
  out.reserve(examples.size());
  for (const auto& e : examples) {
    out.push_back(tokenize_example(tok, e, task, o));
    if (stats) stats->add(out.back());
  }
  return out;
}

}  // namespace hycam::data
