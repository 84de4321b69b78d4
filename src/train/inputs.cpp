#include "train/inputs.h"

#include <filesystem>
#include <iomanip>

#include "data/tokenize.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace hycam {
namespace fs = std::filesystem;
namespace {

const char* kRunMarker = ".hycam-run";

}  // namespace

data::TokenizeOptions tokenize_options(const TrainOptions& o) {
  return {o.max_len, o.loss_on_prompt, data::parse_template(o.template_name)};
}

std::vector<data::Example> split_examples(const data::TaskData& t, const std::string& split) {
  if (split == "eval") return t.eval;
  if (split == "test") return t.test;
  if (split == "train") return t.train;
  if (split == "all") {
    auto all = t.train;
    all.insert(all.end(), t.eval.begin(), t.eval.end());
    all.insert(all.end(), t.test.begin(), t.test.end());
    return all;
  }
  throw Error("--split '" + split + "' is not known (eval, test, train, all)");
}

std::vector<data::TaskData> load_task_examples(const TrainOptions& o) {
  data::SplitOptions split{o.eval_fraction, o.test_fraction, o.max_samples, o.seed};
  std::vector<data::TaskData> tasks;
  for (const auto& arg : o.data) {
    auto src = data::parse_task_source(arg);
    tasks.push_back(data::split_task(src.name, data::load_examples(src.path), split));
  }
  // Separate evaluation files replace the held-out part of the task of the same name.
  for (const auto& arg : o.eval_data) {
    auto src = data::parse_task_source(arg);
    auto it = std::find_if(tasks.begin(), tasks.end(), [&](const auto& t) { return t.name == src.name; });
    if (it == tasks.end()) throw Error("--eval-data " + arg + ": no --data task named '" + src.name + "'");
    auto examples = data::load_examples(src.path);
    if (o.max_samples > 0 && static_cast<int64_t>(examples.size()) > o.max_samples) examples.resize(o.max_samples);
    it->train.insert(it->train.end(), it->eval.begin(), it->eval.end());
    it->eval = std::move(examples);
  }
  return tasks;
}

TrainInputs tokenize_inputs(const std::vector<data::TaskData>& tasks, const TrainOptions& o, const Tokenizer& tok,
                            std::ostream& log) {
  TrainInputs in;
  in.pad_id = std::max(0, tok.pad_id());
  const auto topts = tokenize_options(o);
  for (size_t t = 0; t < tasks.size(); ++t) {
    data::TokenizeStats train_stats, eval_stats;
    auto train = data::tokenize_examples(tok, tasks[t].train, static_cast<int32_t>(t), topts, &train_stats);
    auto eval = data::tokenize_examples(tok, tasks[t].eval, static_cast<int32_t>(t), topts, &eval_stats);
    in.train.insert(in.train.end(), train.begin(), train.end());
    in.eval.insert(in.eval.end(), eval.begin(), eval.end());
    in.tasks.push_back(tasks[t].name);
    log << "task " << std::left << std::setw(10) << tasks[t].name << std::right << " " << std::setw(5)
        << train_stats.samples << " train / " << std::setw(4) << eval_stats.samples << " eval samples, "
        << std::setw(7) << train_stats.tokens << " train tokens (" << train_stats.target_tokens << " targets), "
        << train_stats.truncated + eval_stats.truncated << " truncated at " << o.max_len << " tokens\n";
  }
  return in;
}

void prepare_run_dir(const TrainOptions& o, bool resume) {
  if (o.out.empty()) throw Error("--out DIR is required");
  if (fs::exists(o.out) && !fs::is_directory(o.out)) throw Error(o.out + ": exists and is not a directory");
  if (!resume && fs::exists(o.out) && !fs::is_empty(o.out)) {
    if (!o.overwrite)
      throw Error(o.out + ": run directory is not empty; use --resume " + o.out + " to continue it or --overwrite to replace it");
    if (!fs::exists(fs::path(o.out) / kRunMarker))
      throw Error(o.out + ": not a hycam run directory (no " + kRunMarker + "); refusing to overwrite it");
    fs::remove_all(o.out);
  }
  fs::create_directories(o.out);
  write_file_atomic((fs::path(o.out) / kRunMarker).string(), "hycam run directory\n");
  if (!resume) write_file_atomic(o.out + "/run_config.json", o.to_json().dump(2) + "\n");
}

}  // namespace hycam
