// Pictures of a run, drawn from its metrics.jsonl: training loss per step and per-task eval loss.
#pragma once
#include <string>

namespace hycam {

void write_loss_plot(const std::string& metrics_path, const std::string& svg_path, const std::string& title);
// Keeps only the metrics lines up to `step` (a resumed run rewrites what came after its checkpoint).
void truncate_metrics_after(const std::string& metrics_path, int64_t step);

}  // namespace hycam
