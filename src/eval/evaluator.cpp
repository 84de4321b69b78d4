#include "eval/evaluator.h"

#include <cmath>
#include <iomanip>
#include <sstream>

#include "generate/generate.h"
#include "metrics/bleu.h"
#include "metrics/rouge.h"
#include "train/eval_loss.h"
#include "util/atomic_file.h"
#include "util/progress.h"
#include "util/table.h"

namespace hycam {
namespace {

std::string fmt(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

nlohmann::json task_json(const TaskReport& t) {
  return {{"task", t.task}, {"loss", t.loss}, {"ppl", t.ppl}, {"tokens", t.tokens}, {"generated", t.generated},
          {"bleu4", t.bleu}, {"rouge1", t.rouge1}, {"rouge2", t.rouge2}, {"rougeL", t.rougeL}};
}

// Greedy responses for every prompt, decoded to text.
std::vector<std::string> generate_responses(CausalLM& model, const Tokenizer& tok, const EvalSet& set,
                                            const EvalOptions& opts) {
  std::vector<std::vector<int64_t>> prompts;
  for (const auto& p : set.prompts) prompts.push_back(p.prompt_ids);
  GenerateOptions g;
  g.max_new_tokens = opts.max_new_tokens;
  g.eos_ids = opts.eos_ids;
  g.batch_size = opts.batch;
  Progress progress("generate", static_cast<int64_t>(prompts.size()));
  int64_t done = 0;
  std::vector<std::vector<int64_t>> out;
  for (size_t start = 0; start < prompts.size(); start += opts.batch) {
    std::vector<std::vector<int64_t>> chunk(prompts.begin() + start,
                                            prompts.begin() + std::min(prompts.size(), start + opts.batch));
    for (auto& ids : generate(model, chunk, g)) out.push_back(std::move(ids));
    done += static_cast<int64_t>(chunk.size());
    progress.update(done);
  }
  progress.finish();
  std::vector<std::string> texts;
  for (const auto& ids : out) {
    std::vector<int32_t> ids32(ids.begin(), ids.end());
    texts.push_back(tok.decode(ids32, /*skip_special=*/true));
  }
  return texts;
}

}  // namespace

TaskReport EvalReport::mean() const {
  TaskReport m;
  m.task = "mean";
  if (tasks.empty()) return m;
  for (const auto& t : tasks) {
    m.tokens += t.tokens, m.generated += t.generated;
    m.loss += t.loss, m.ppl += t.ppl, m.bleu += t.bleu, m.rouge1 += t.rouge1, m.rouge2 += t.rouge2, m.rougeL += t.rougeL;
  }
  const double n = static_cast<double>(tasks.size());
  m.loss /= n, m.ppl /= n, m.bleu /= n, m.rouge1 /= n, m.rouge2 /= n, m.rougeL /= n;
  return m;
}

nlohmann::json EvalReport::to_json() const {
  nlohmann::json j = {{"tasks", nlohmann::json::array()}, {"mean", task_json(mean())}};
  for (const auto& t : tasks) j["tasks"].push_back(task_json(t));
  return j;
}

std::string EvalReport::markdown() const {
  Table t({"task", "PPL", "BLEU-4", "ROUGE-1", "ROUGE-2", "ROUGE-L", "tokens", "generated"},
          {Align::left, Align::right, Align::right, Align::right, Align::right, Align::right, Align::right, Align::right});
  auto row = [&](const TaskReport& r) {
    t.add_row({r.task, fmt(r.ppl, 3), fmt(100 * r.bleu, 2), fmt(100 * r.rouge1, 2), fmt(100 * r.rouge2, 2),
               fmt(100 * r.rougeL, 2), std::to_string(r.tokens), std::to_string(r.generated)});
  };
  for (const auto& r : tasks) row(r);
  row(mean());
  return t.markdown();
}

EvalReport evaluate(CausalLM& model, const Tokenizer& tok, const EvalSet& set, const EvalOptions& opts,
                    const std::string& out_dir) {
  model->eval();
  EvalReport report;
  auto losses = evaluate_loss(model, set.samples, set.tasks, opts.batch, std::max(0, tok.pad_id()));
  for (const auto& l : losses) report.tasks.push_back({l.task, l.tokens, 0, l.loss(), l.perplexity()});
  std::vector<std::string> predictions;
  if (opts.generate && !set.prompts.empty()) predictions = generate_responses(model, tok, set, opts);
  nlohmann::json lines = nlohmann::json::array();
  for (size_t t = 0; t < set.tasks.size(); ++t) {
    std::vector<std::string> preds, refs;
    double r1 = 0, r2 = 0, rl = 0;
    for (size_t i = 0; i < predictions.size(); ++i) {
      if (set.prompts[i].task != static_cast<int32_t>(t)) continue;
      const auto& p = set.prompts[i];
      auto scores = metrics::rouge(predictions[i], p.reference, opts.rouge_stem);
      auto bleu = metrics::corpus_bleu(std::vector<std::string>{predictions[i]}, std::vector<std::string>{p.reference});
      r1 += scores.rouge1, r2 += scores.rouge2, rl += scores.rougeL;
      preds.push_back(predictions[i]);
      refs.push_back(p.reference);
      lines.push_back({{"task", set.tasks[t]}, {"prompt", p.prompt}, {"reference", p.reference},
                       {"prediction", predictions[i]}, {"bleu4", bleu.bleu}, {"rouge1", scores.rouge1},
                       {"rouge2", scores.rouge2}, {"rougeL", scores.rougeL}});
    }
    auto& r = report.tasks[t];
    r.generated = static_cast<int64_t>(preds.size());
    if (preds.empty()) continue;
    r.bleu = metrics::corpus_bleu(preds, refs).bleu;
    const double n = static_cast<double>(preds.size());
    r.rouge1 = r1 / n, r.rouge2 = r2 / n, r.rougeL = rl / n;
  }
  if (!out_dir.empty()) {
    write_file_atomic(out_dir + "/report.json", report.to_json().dump(2) + "\n");
    write_file_atomic(out_dir + "/report.md", report.markdown());
    std::string jl;
    for (const auto& l : lines) jl += l.dump() + "\n";
    write_file_atomic(out_dir + "/predictions.jsonl", jl);
  }
  return report;
}

}  // namespace hycam
