#include "data/multi_task.h"

#include <cstdio>
#include <set>

#include "util/error.h"

namespace hycam::data {

std::vector<std::string> MultiTaskData::task_names() const {
  std::vector<std::string> names;
  for (const auto& t : tasks) names.push_back(t.name);
  return names;
}

std::string MultiTaskData::summary() const {
  std::string out;
  for (size_t t = 0; t < tasks.size(); ++t) {
    const TokenizeStats& tr = stats[t].train;
    const double share = tr.tokens > 0 ? 100.0 * static_cast<double>(tr.target_tokens) / tr.tokens : 0.0;
    char line[512];
    std::snprintf(line, sizeof line,
                  "%s: %zu train / %zu eval / %zu test, %lld truncated at %lld tokens, "
                  "%lld train tokens (%.1f%% targets)\n",
                  tasks[t].name.c_str(), tasks[t].train.size(), tasks[t].eval.size(), tasks[t].test.size(),
                  static_cast<long long>(tr.truncated + stats[t].eval.truncated), static_cast<long long>(max_len),
                  static_cast<long long>(tr.tokens), share);
    out += line;
  }
  return out;
}

MultiTaskData load_multi_task(const std::vector<TaskSource>& sources, const SplitOptions& split, const Tokenizer& tok,
                              const TokenizeOptions& tokenize) {
  if (sources.empty()) throw Error("no task data given (--data NAME=PATH, once per task)");
  split.validate();
  tokenize.validate();
  std::set<std::string> seen;
  for (const auto& s : sources)
    if (!seen.insert(s.name).second)
      throw Error("two tasks are named '" + s.name + "'; name them apart with --data NAME=PATH");
  MultiTaskData d;
  d.max_len = tokenize.max_len;
  for (size_t t = 0; t < sources.size(); ++t) {
    d.tasks.push_back(split_task(sources[t].name, load_examples(sources[t].path), split));
    TaskStats st;
    const auto task = static_cast<int32_t>(t);
    auto train = tokenize_examples(tok, d.tasks[t].train, task, tokenize, &st.train);
    auto eval = tokenize_examples(tok, d.tasks[t].eval, task, tokenize, &st.eval);
    d.train.insert(d.train.end(), std::make_move_iterator(train.begin()), std::make_move_iterator(train.end()));
    d.eval.insert(d.eval.end(), std::make_move_iterator(eval.begin()), std::make_move_iterator(eval.end()));
    d.stats.push_back(st);
  }
  return d;
}

}  // namespace hycam::data
