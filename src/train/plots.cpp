#include "train/plots.h"

#include <filesystem>
#include <map>

#include "util/atomic_file.h"
#include "util/json_lines.h"
#include "util/svg_plot.h"

namespace hycam {

void write_loss_plot(const std::string& metrics_path, const std::string& svg_path, const std::string& title) {
  LineSeries train{"train (lm loss)"};
  std::map<std::string, LineSeries> eval;
  for (const auto& r : read_json_lines(metrics_path)) {
    const double step = r.at("step").get<double>();
    if (r.at("type") == "train") {
      train.x.push_back(step);
      train.y.push_back(r.at("lm_loss").get<double>());
    } else if (r.at("type") == "eval") {
      for (const auto& [task, v] : r.at("tasks").items()) {
        auto& s = eval[task];
        s.name = "eval " + task;
        s.x.push_back(step);
        s.y.push_back(v.at("loss").get<double>());
      }
    }
  }
  LineChart chart;
  chart.title = title + ": loss";
  chart.x_label = "step";
  chart.y_label = "loss (nats/token)";
  chart.add(train.name, train.x, train.y);
  for (auto& [task, s] : eval) chart.add(s.name, s.x, s.y);
  chart.save(svg_path);
}

void truncate_metrics_after(const std::string& metrics_path, int64_t step) {
  if (!std::filesystem::exists(metrics_path)) return;
  std::string kept;
  for (const auto& r : read_json_lines(metrics_path))
    if (r.at("step").get<int64_t>() <= step) kept += r.dump() + "\n";
  write_file_atomic(metrics_path, kept);
}

}  // namespace hycam
