#include "train/eval_loss.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "train/loss.h"

namespace hycam {

double TaskLoss::perplexity() const { return std::exp(loss()); }

std::vector<TaskLoss> evaluate_loss(CausalLM& model, const std::vector<data::Sample>& samples,
                                    const std::vector<std::string>& task_names, int64_t batch_size,
                                    int32_t pad_id) {
  std::vector<TaskLoss> out;
  for (const auto& name : task_names) out.push_back({name});
  // Longest first, so that batches hold samples of similar length and little padding.
  std::vector<size_t> order(samples.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return samples[a].ids.size() > samples[b].ids.size(); });
  torch::NoGradGuard no_grad;
  const auto device = model->embed_weight.device();
  for (size_t start = 0; start < order.size(); start += batch_size) {
    std::vector<const data::Sample*> batch;
    for (size_t i = start; i < std::min(order.size(), start + batch_size); ++i) batch.push_back(&samples[order[i]]);
    auto b = data::collate(batch, pad_id);
    ForwardContext ctx;
    ctx.record_routing = false;
    auto logits = model->forward({b.ids.to(device), b.attention_mask.to(device), b.positions.to(device)}, ctx);
    auto [nll, count] = nll_per_row(logits, b.targets.to(device));
    for (size_t r = 0; r < batch.size(); ++r) {
      auto& t = out[batch[r]->task];
      t.nll_sum += nll[r].item<double>();
      t.tokens += count[r].item<int64_t>();
    }
  }
  return out;
}

double mean_task_loss(const std::vector<TaskLoss>& losses) {
  double sum = 0;
  int n = 0;
  for (const auto& t : losses)
    if (t.tokens > 0) sum += t.loss(), ++n;
  return n ? sum / n : 0.0;
}

}  // namespace hycam
