#include "eval/eval_set.h"

#include "data/prompt_template.h"

namespace hycam {

EvalSet make_eval_set(const std::vector<data::TaskData>& tasks, const std::string& split, const TrainOptions& o,
                      const Tokenizer& tok, int64_t gen_samples) {
  EvalSet set;
  const auto topts = tokenize_options(o);
  for (size_t t = 0; t < tasks.size(); ++t) {
    const auto examples = split_examples(tasks[t], split);
    set.tasks.push_back(tasks[t].name);
    auto samples = data::tokenize_examples(tok, examples, static_cast<int32_t>(t), topts);
    set.samples.insert(set.samples.end(), samples.begin(), samples.end());
    for (size_t i = 0; i < examples.size(); ++i) {
      if (gen_samples >= 0 && static_cast<int64_t>(i) >= gen_samples) break;
      EvalPrompt p;
      p.task = static_cast<int32_t>(t);
      p.prompt = data::format_prompt(examples[i], topts.prompt_template);
      auto ids = tok.encode(p.prompt, true);
      // A prompt longer than max_len keeps its start (BOS) and its end (the response cue).
      if (static_cast<int64_t>(ids.size()) > o.max_len / 2) {
        std::vector<int32_t> cut = {ids.front()};
        cut.insert(cut.end(), ids.end() - (o.max_len / 2 - 1), ids.end());
        ids = cut;
      }
      p.prompt_ids.assign(ids.begin(), ids.end());
      p.reference = examples[i].output;
      set.prompts.push_back(std::move(p));
    }
  }
  return set;
}

}  // namespace hycam
