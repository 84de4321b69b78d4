#include "generate/generate.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "util/error.h"
#include "util/json_lines.h"

namespace hycam {
namespace {

// Puts the model in eval mode for the scope and restores its mode after.
class EvalMode {
 public:
  explicit EvalMode(CausalLM& model) : model_(model), was_training_(model->is_training()) { model_->eval(); }
  ~EvalMode() { model_->train(was_training_); }

 private:
  CausalLM& model_;
  bool was_training_;
};

// Logits of the last position only [B,V]: the head runs on one position, not the whole prompt.
// A fresh context per call: the prefill's token mask must not leak into the decode steps.
torch::Tensor last_logits(CausalLM& model, const ForwardInputs& in) {
  ForwardContext ctx;
  ctx.training = false;
  ctx.record_routing = false;
  auto hidden = model->hidden_states(in, ctx);              // [B,T,D]
  return model->logits(hidden.select(1, hidden.size(1) - 1));  // [B,V]
}

void check_prompts(const std::vector<std::vector<int64_t>>& prompts, const ModelConfig& cfg,
                   int64_t max_new_tokens) {
  for (size_t i = 0; i < prompts.size(); ++i) {
    const auto& p = prompts[i];
    const std::string name = "prompt " + std::to_string(i);
    if (p.empty()) throw Error(name + " is empty: give at least one token (e.g. BOS)");
    for (int64_t id : p)
      if (id < 0 || id >= cfg.vocab)
        throw Error(name + ": token id " + std::to_string(id) + " is outside the vocabulary [0, " +
                    std::to_string(cfg.vocab) + ")");
    const int64_t need = static_cast<int64_t>(p.size()) + max_new_tokens - 1;
    if (need > cfg.max_positions)
      throw Error(name + " has " + std::to_string(p.size()) + " tokens; with max_new_tokens " +
                  std::to_string(max_new_tokens) + " it needs " + std::to_string(need) +
                  " positions, more than the model's max_position_embeddings (" +
                  std::to_string(cfg.max_positions) + "): shorten the prompt or lower --max-new-tokens");
  }
}

// Left-pads prompts[begin, end) to the longest: ids [B,T] (pad id 0), attention mask [B,T].
std::pair<torch::Tensor, torch::Tensor> left_padded(const std::vector<std::vector<int64_t>>& prompts,
                                                    size_t begin, size_t end) {
  size_t T = 0;
  for (size_t r = begin; r < end; ++r) T = std::max(T, prompts[r].size());
  const auto B = static_cast<int64_t>(end - begin);
  auto ids = torch::zeros({B, static_cast<int64_t>(T)}, torch::kInt64);
  auto mask = torch::zeros({B, static_cast<int64_t>(T)}, torch::kInt64);
  auto ia = ids.accessor<int64_t, 2>();
  auto ma = mask.accessor<int64_t, 2>();
  for (size_t r = begin; r < end; ++r) {
    const auto& p = prompts[r];
    const size_t pad = T - p.size();
    for (size_t t = 0; t < p.size(); ++t) {
      ia[r - begin][pad + t] = p[t];
      ma[r - begin][pad + t] = 1;
    }
  }
  return {ids, mask};
}

// Generates for prompts[begin, end) into out[begin, end).
void run_chunk(CausalLM& model, const std::vector<std::vector<int64_t>>& prompts, size_t begin, size_t end,
               const GenerateOptions& opts, const std::set<int64_t>& eos, SamplerChain& chain,
               const GenerateCallbacks& cb, std::vector<std::vector<int64_t>>& out) {
  const auto device = model->embed_weight.device();
  auto [ids, mask] = left_padded(prompts, begin, end);
  const int64_t B = ids.size(0), T = ids.size(1);
  // The last sampled token is never fed back, hence - 1.
  KVCache cache(model->config(), B, T + opts.max_new_tokens - 1, model->embed_weight.scalar_type(), device);
  auto logits = last_logits(model, {ids.to(device), mask.to(device), {}, &cache});  // [B,V]
  std::vector<int64_t> active(B);  // the rows of `prompts` still in the batch, in batch order
  for (int64_t i = 0; i < B; ++i) active[i] = static_cast<int64_t>(begin) + i;
  while (true) {
    if (cb.on_logits)
      for (size_t i = 0; i < active.size(); ++i) cb.on_logits(active[i], logits[i]);
    auto next = chain.sample(logits);  // [B'] CPU
    auto nx = next.accessor<int64_t, 1>();
    std::vector<int64_t> keep;  // batch positions that go on
    for (size_t i = 0; i < active.size(); ++i) {
      auto& seq = out[active[i]];
      seq.push_back(nx[i]);
      if (cb.on_token) cb.on_token(active[i], nx[i]);
      const bool done = eos.count(nx[i]) || static_cast<int64_t>(seq.size()) >= opts.max_new_tokens;
      if (!done) keep.push_back(static_cast<int64_t>(i));
    }
    if (keep.empty()) return;
    if (keep.size() < active.size()) {
      auto rows = torch::tensor(keep, torch::kInt64);
      cache.select_rows(rows.to(device));
      next = next.index_select(0, rows);
      std::vector<int64_t> still;
      for (int64_t i : keep) still.push_back(active[i]);
      active = std::move(still);
    }
    logits = last_logits(model, {next.view({-1, 1}).to(device), {}, {}, &cache});  // [B',V]
  }
}

}  // namespace

void GenerateOptions::validate() const {
  if (max_new_tokens < 0)
    throw Error("generation option max_new_tokens (--max-new-tokens) must be >= 0, got " +
                std::to_string(max_new_tokens));
  if (batch_size < 1)
    throw Error("generation option batch_size must be >= 1, got " + std::to_string(batch_size));
  sampling.validate();
}

std::vector<std::vector<int64_t>> generate(CausalLM& model, const std::vector<std::vector<int64_t>>& prompts,
                                           const GenerateOptions& opts,
                                           const std::function<void(int64_t, int64_t)>& on_token) {
  return generate_with(model, prompts, opts, GenerateCallbacks{on_token, {}});
}

std::vector<std::vector<int64_t>> generate_with(CausalLM& model,
                                                const std::vector<std::vector<int64_t>>& prompts,
                                                const GenerateOptions& opts, const GenerateCallbacks& cb) {
  opts.validate();
  check_prompts(prompts, model->config(), opts.max_new_tokens);
  std::vector<std::vector<int64_t>> out(prompts.size());
  if (opts.max_new_tokens == 0) return out;
  torch::NoGradGuard no_grad;
  EvalMode eval(model);
  auto chain = SamplerChain::from_options(opts.sampling);
  const std::set<int64_t> eos(opts.eos_ids.begin(), opts.eos_ids.end());
  const auto chunk = static_cast<size_t>(opts.batch_size);
  for (size_t begin = 0; begin < prompts.size(); begin += chunk)
    run_chunk(model, prompts, begin, std::min(prompts.size(), begin + chunk), opts, eos, chain, cb, out);
  return out;
}

std::vector<int64_t> eos_ids_for(const std::string& model_dir, const ModelConfig& cfg) {
  std::set<int64_t> ids(cfg.eos_ids.begin(), cfg.eos_ids.end());
  const auto path = (std::filesystem::path(model_dir) / "generation_config.json").string();
  if (std::filesystem::exists(path)) {
    auto j = read_json_file(path);
    auto e = j.is_object() && j.contains("eos_token_id") ? j["eos_token_id"] : nlohmann::json();
    if (e.is_number_integer()) {
      ids.insert(e.get<int64_t>());
    } else if (e.is_array()) {
      for (const auto& x : e) {
        if (!x.is_number_integer()) throw Error(path + ": eos_token_id must hold integers, got " + x.dump());
        ids.insert(x.get<int64_t>());
      }
    } else if (!e.is_null()) {
      throw Error(path + ": eos_token_id must be an integer or a list of integers, got " + e.dump());
    }
  }
  return {ids.begin(), ids.end()};
}

std::vector<int64_t> eos_ids_for(const std::string& model_dir, const ModelConfig& cfg,
                                 const Tokenizer& tokenizer) {
  auto ids = eos_ids_for(model_dir, cfg);
  if (tokenizer.eos_id() >= 0 && !std::count(ids.begin(), ids.end(), tokenizer.eos_id())) {
    ids.push_back(tokenizer.eos_id());
    std::sort(ids.begin(), ids.end());
  }
  return ids;
}

}  // namespace hycam
