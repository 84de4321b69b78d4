#include "eval/compare.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <limits>
#include <sstream>

#include "adapters/adapter.h"
#include "eval/eval_set.h"
#include "eval/routing_analysis.h"
#include "generate/generate.h"
#include "model/loader.h"
#include "train/inputs.h"
#include "train/trainer.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/json_lines.h"
#include "util/svg_plot.h"
#include "util/table.h"

namespace hycam {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);) out.push_back(part);
  return out;
}

std::string fmt(double v, int digits) {
  if (!std::isfinite(v)) return "–";
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

std::string safe_dir_name(const std::string& label) {
  std::string out;
  for (char c : label) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '_';
  return out;
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? std::nan("") : s / v.size();
}

double stddev(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / (v.size() - 1));
}

// The metrics of the table, per task: PPL (lower is better), BLEU-4 and ROUGE-L (higher).
struct Metric {
  const char* name;
  bool lower_is_better;
  double TaskReport::*field;
  double scale;
};
const Metric kMetrics[] = {{"PPL", true, &TaskReport::ppl, 1.0},
                           {"BLEU-4", false, &TaskReport::bleu, 100.0},
                           {"ROUGE-L", false, &TaskReport::rougeL, 100.0}};

std::vector<double> metric_values(const MethodResult& m, size_t task, const Metric& metric) {
  std::vector<double> v;
  for (const auto& r : m.runs) v.push_back(r.tasks[task].*metric.field * metric.scale);
  return v;
}

TrainOptions method_train_options(const CompareOptions& o, const MethodSpec& spec, int64_t seed, const std::string& dir) {
  TrainOptions t = o.train;
  t.seed = o.train.seed + static_cast<uint64_t>(seed);
  t.out = dir;
  t.overwrite = true;
  t.adapter = AdapterOptions{};
  t.adapter.balance = o.train.adapter.balance;
  for (const auto& [k, v] : spec.options) {
    if (k == "lr") t.lr = std::stod(v);
    else t.adapter.set(k, v);
  }
  t.validate();
  return t;
}

bool is_hycam(const MethodResult& m) { return m.label.rfind("hycam", 0) == 0; }
bool is_full(const MethodResult& m) { return m.label.rfind("full", 0) == 0; }

// Relative gains of `hy` over the best baseline (trained, not hycam, accepted by `use`), one per
// (task, metric) of `metrics` whose best baseline value is positive.
template <typename Use>
std::vector<double> gains_over(const CompareResult& r, const MethodResult& hy, const std::vector<Metric>& metrics,
                               Use use) {
  std::vector<double> gains;
  for (size_t t = 0; t < r.tasks.size(); ++t)
    for (const auto& metric : metrics) {
      double best = metric.lower_is_better ? std::numeric_limits<double>::infinity() : -1;
      for (const auto& m : r.methods) {
        if (is_hycam(m) || m.label == "base" || !use(m)) continue;
        const double v = mean(metric_values(m, t, metric));
        best = metric.lower_is_better ? std::min(best, v) : std::max(best, v);
      }
      const double mine = mean(metric_values(hy, t, metric));
      if (!(best > 0) || !std::isfinite(best)) continue;  // no comparable baseline (e.g. BLEU 0)
      gains.push_back(metric.lower_is_better ? (best - mine) / best : (mine - best) / best);
    }
  return gains;
}

template <typename Use>
RelativeImprovement improvement_over(const CompareResult& r, const MethodResult& hy, Use use) {
  RelativeImprovement out;
  out.overall = mean(gains_over(r, hy, {std::begin(kMetrics), std::end(kMetrics)}, use));
  for (const auto& metric : kMetrics) out.by_metric.push_back({metric.name, mean(gains_over(r, hy, {metric}, use))});
  return out;
}

nlohmann::json to_json(const RelativeImprovement& i) {
  nlohmann::json by = nlohmann::json::object();
  for (const auto& [name, v] : i.by_metric) by[name] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
  return {{"overall", std::isfinite(i.overall) ? nlohmann::json(i.overall) : nlohmann::json()}, {"by_metric", by}};
}

std::string percent_text(const RelativeImprovement& i) {
  std::ostringstream s;
  s << fmt(100 * i.overall, 2) << "% (";
  for (size_t k = 0; k < i.by_metric.size(); ++k)
    s << (k ? ", " : "") << i.by_metric[k].first << " " << fmt(100 * i.by_metric[k].second, 2) << "%";
  return s.str() + ")";
}

std::string render_table(const CompareResult& r, bool with_spread) {
  std::vector<std::string> header = {"method"};
  for (const auto& task : r.tasks)
    for (const auto& m : kMetrics) header.push_back(task + " " + m.name);
  for (const char* h : {"trainable", "%", "train s", "tok/s"}) header.push_back(h);
  std::vector<Align> align(header.size(), Align::right);
  align[0] = Align::left;
  Table table(header, align);
  for (const auto& m : r.methods) {
    std::vector<std::string> row = {m.label};
    for (size_t t = 0; t < r.tasks.size(); ++t)
      for (const auto& metric : kMetrics) {
        auto v = metric_values(m, t, metric);
        row.push_back(fmt(mean(v), 2) + (with_spread && v.size() > 1 ? " ± " + fmt(stddev(v), 2) : ""));
      }
    row.push_back(std::to_string(m.trainable));
    row.push_back(fmt(m.total ? 100.0 * m.trainable / m.total : 0, 2));
    row.push_back(m.train_seconds.empty() ? "–" : fmt(mean(m.train_seconds), 1));
    row.push_back(m.tokens_per_second.empty() ? "–" : fmt(mean(m.tokens_per_second), 0));
    table.add_row(row);
  }
  return table.markdown();
}

}  // namespace

std::vector<HycamImprovement> hycam_improvements(const CompareResult& r) {
  std::vector<HycamImprovement> out;
  for (const auto& m : r.methods)
    if (is_hycam(m))
      out.push_back({m.label, improvement_over(r, m, [](const MethodResult&) { return true; }),
                     improvement_over(r, m, [](const MethodResult& b) { return !is_full(b); })});
  return out;
}

std::string improvement_text(const CompareResult& r) {
  std::ostringstream s;
  for (const auto& h : r.hycam_improvements) {
    s << h.label << " vs the best other method, mean relative improvement over tasks and metrics: "
      << percent_text(h.vs_others);
    const bool has_full = std::any_of(r.methods.begin(), r.methods.end(), is_full);
    if (has_full && std::isfinite(h.vs_peft.overall))
      s << "; vs the best parameter-efficient one: " << percent_text(h.vs_peft);
    s << "\n";
  }
  if (!r.hycam_improvements.empty()) s << "(PPL lower is better, BLEU-4 and ROUGE-L higher; positive = hycam better)\n";
  return s.str();
}

namespace {

// Per-task bars (PPL, ROUGE-L) and every method's training curve, in one picture.
void write_compare_plot(const CompareResult& r, const std::string& path) {
  Figure fig(3, 560, 380);
  fig.title = "hycam compare";
  for (const auto& metric : {kMetrics[0], kMetrics[2]}) {
    BarChart bars;
    bars.title = std::string(metric.name) + " per task";
    bars.categories = r.tasks;
    bars.y_label = metric.name;
    for (const auto& m : r.methods) {
      std::vector<double> v;
      for (size_t t = 0; t < r.tasks.size(); ++t) v.push_back(mean(metric_values(m, t, metric)));
      bars.add_series(m.label, v);
    }
    fig.add(bars);
  }
  LineChart curves;
  curves.title = "training loss";
  curves.x_label = "step";
  curves.y_label = "lm loss";
  for (const auto& m : r.methods) {
    if (m.run_dirs.empty() || m.label == "base") continue;
    std::vector<double> x, y;
    for (const auto& line : read_json_lines(m.run_dirs.front() + "/metrics.jsonl"))
      if (line.at("type") == "train") x.push_back(line.at("step")), y.push_back(line.at("lm_loss"));
    curves.add(m.label, x, y);
  }
  fig.add(curves);
  fig.save(path);
}

void write_compare_outputs(const CompareResult& r, const std::string& dir) {
  nlohmann::json j = {{"tasks", r.tasks}, {"methods", nlohmann::json::array()},
                      {"hycam_relative_improvement", nlohmann::json::object()}};
  for (const auto& h : r.hycam_improvements)
    j["hycam_relative_improvement"][h.label] = {{"vs_others", to_json(h.vs_others)}, {"vs_peft", to_json(h.vs_peft)}};
  for (const auto& m : r.methods) {
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& run : m.runs) runs.push_back(run.to_json());
    j["methods"].push_back({{"label", m.label}, {"settings", m.settings}, {"trainable", m.trainable},
                            {"total", m.total}, {"train_seconds", m.train_seconds},
                            {"tokens_per_second", m.tokens_per_second}, {"runs", runs}, {"run_dirs", m.run_dirs}});
  }
  write_file_atomic(dir + "/compare.json", j.dump(2) + "\n");
  std::ostringstream md;
  md << "# hycam compare\n\n" << r.markdown << "\n";
  for (const auto& m : r.methods) md << "- **" << m.label << "**: " << m.settings << "\n";
  md << "\n" << improvement_text(r);
  write_file_atomic(dir + "/compare.md", md.str());
  write_compare_plot(r, dir + "/compare.svg");
}

}  // namespace

std::vector<MethodSpec> parse_method_specs(const std::string& text) {
  std::vector<MethodSpec> specs;
  for (const auto& item : split(text, ',')) {
    if (item.empty()) continue;
    auto parts = split(item, ':');
    MethodSpec spec{item, {{"method", parts[0]}}};
    for (size_t i = 1; i < parts.size(); ++i) {
      auto eq = parts[i].find('=');
      if (eq == std::string::npos || eq == 0)
        throw Error("--methods: '" + parts[i] + "' in '" + item + "' is not key=value");
      spec.options.push_back({parts[i].substr(0, eq), parts[i].substr(eq + 1)});
    }
    AdapterOptions probe;  // fail now, not after training the methods before it
    for (const auto& [k, v] : spec.options)
      if (k != "lr") probe.set(k, v);
    probe.validate();
    specs.push_back(spec);
  }
  if (specs.empty()) throw Error("--methods: no method given");
  return specs;
}

CompareResult run_compare(const CompareOptions& o, std::ostream& log) {
  auto tokenizer = Tokenizer::from_dir(o.train.model_dir);
  auto tasks = load_task_examples(o.train);
  auto inputs = tokenize_inputs(tasks, o.train, tokenizer, log);
  auto eval_set = make_eval_set(tasks, "eval", o.train, tokenizer, o.gen_samples);
  EvalOptions eval_opts = o.eval;
  eval_opts.eos_ids = eos_ids_for(o.train.model_dir, ModelConfig::from_file(o.train.model_dir + "/config.json"), tokenizer);
  CompareResult result;
  result.tasks = inputs.tasks;
  if (o.include_base) {
    log << "== base model (no training)\n";
    auto model = load_model(o.train.model_dir);
    MethodResult base{"base", "no adapter", 0, count_parameters(*model, false)};
    const std::string dir = o.train.out + "/base";
    fs::create_directories(dir);
    base.runs.push_back(evaluate(model, tokenizer, eval_set, eval_opts, dir));
    base.run_dirs.push_back(dir);
    result.methods.push_back(base);
  }
  for (const auto& spec : o.methods) {
    MethodResult m{spec.label};
    for (int64_t seed = 0; seed < o.seeds; ++seed) {
      const std::string dir = o.train.out + "/" + safe_dir_name(spec.label) + (o.seeds > 1 ? "/seed" + std::to_string(seed) : "");
      auto topts = method_train_options(o, spec, seed, dir);
      log << "== " << spec.label << " (seed " << topts.seed << "): " << topts.adapter.describe() << ", lr " << topts.lr << "\n";
      prepare_run_dir(topts, /*resume=*/false);
      Adapter adapter = Adapter::attach(load_model(o.train.model_dir), topts.adapter, topts.seed);
      log << adapter.parameter_summary() << "\n";
      Trainer trainer(topts, adapter, inputs, log);
      auto summary = trainer.run(false);
      m.settings = topts.adapter.describe() + " lr=" + fmt(topts.lr, 5);
      m.trainable = adapter.trainable_count();
      m.total = adapter.total_count();
      m.train_seconds.push_back(summary.seconds);
      m.tokens_per_second.push_back(summary.tokens_per_second);
      m.runs.push_back(evaluate(adapter.model(), tokenizer, eval_set, eval_opts, dir));
      m.run_dirs.push_back(dir);
      if (topts.adapter.method == "hycam") {
        auto shares = routing_shares(adapter, eval_set.samples, inputs.tasks, eval_opts.batch, inputs.pad_id);
        write_routing_report(shares, dir);
      }
    }
    result.methods.push_back(m);
  }
  result.hycam_improvements = hycam_improvements(result);
  result.markdown = render_table(result, o.seeds > 1);
  write_compare_outputs(result, o.train.out);
  return result;
}

}  // namespace hycam
