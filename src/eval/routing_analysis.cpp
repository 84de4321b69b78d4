#include "eval/routing_analysis.h"

#include "util/atomic_file.h"
#include "util/svg_plot.h"

namespace hycam {

nlohmann::json RoutingShares::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (size_t t = 0; t < tasks.size(); ++t) j[tasks[t]] = shares[t];
  return {{"shares", j}, {"layout", "task -> [layer][expert]: share of the task's real tokens"}};
}

RoutingShares routing_shares(Adapter& adapter, const std::vector<data::Sample>& samples,
                             const std::vector<std::string>& tasks, int64_t batch_size, int32_t pad_id) {
  auto model = adapter.model();
  model->eval();
  const int64_t L = model->config().layers, K = adapter.options().experts;
  std::vector<torch::Tensor> counts;  // one tensor per task ([L,K]), not one shared by all
  for (size_t t = 0; t < tasks.size(); ++t) counts.push_back(torch::zeros({L, K}, torch::kFloat64));
  torch::NoGradGuard no_grad;
  const auto device = model->embed_weight.device();
  for (const auto& idx : data::sequential_batches(static_cast<int64_t>(samples.size()), batch_size)) {
    std::vector<const data::Sample*> rows;
    for (int64_t i : idx) rows.push_back(&samples[i]);
    auto b = data::collate(rows, pad_id);
    ForwardContext ctx;
    model->forward({b.ids.to(device), b.attention_mask.to(device), b.positions.to(device)}, ctx);
    // Real tokens in row-major order, with the task of their row.
    auto row_task = b.task.unsqueeze(1).expand_as(b.ids).index({b.attention_mask.to(torch::kBool)});
    for (const auto& rec : ctx.routing) {
      auto chosen = rec.gates.argmax(-1).cpu();
      for (size_t t = 0; t < tasks.size(); ++t) {
        auto mine = chosen.index({row_task == static_cast<int64_t>(t)});
        if (mine.numel() == 0) continue;
        counts[t][rec.layer] += torch::bincount(mine, {}, K).to(torch::kFloat64);
      }
    }
  }
  RoutingShares out;
  out.tasks = tasks;
  for (auto& c : counts) {
    auto share = c / c.sum(1, true).clamp_min(1);
    std::vector<std::vector<double>> rows(L, std::vector<double>(K));
    for (int64_t l = 0; l < L; ++l)
      for (int64_t k = 0; k < K; ++k) rows[l][k] = share[l][k].item<double>();
    out.shares.push_back(rows);
  }
  return out;
}

void write_routing_report(const RoutingShares& shares, const std::string& dir) {
  write_file_atomic(dir + "/routing.json", shares.to_json().dump(2) + "\n");
  HeatmapGrid grid(static_cast<int>(std::min<size_t>(4, shares.tasks.size())), 300, 360);
  grid.title = "HyCAM routing: share of each task's tokens per expert";
  for (size_t t = 0; t < shares.tasks.size(); ++t) {
    Heatmap h;
    h.title = shares.tasks[t];
    h.x_label = "expert";
    h.y_label = "layer";
    h.values = shares.shares[t];
    grid.add(h);
  }
  grid.save(dir + "/routing.svg");
}

}  // namespace hycam
