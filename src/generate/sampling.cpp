#include "generate/sampling.h"

#include <cmath>
#include <limits>
#include <sstream>

#include "util/error.h"

namespace hycam {
namespace {

constexpr double kRemoved = -std::numeric_limits<double>::infinity();

std::string num(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

class Temperature : public SamplerStage {
 public:
  explicit Temperature(double t) : t_(t) {}
  std::string name() const override { return "temperature " + num(t_); }
  torch::Tensor filter(const torch::Tensor& logits) override { return logits / t_; }

 private:
  double t_;
};

class TopK : public SamplerStage {
 public:
  explicit TopK(int64_t k) : k_(k) {}
  std::string name() const override { return "top-k " + std::to_string(k_); }
  torch::Tensor filter(const torch::Tensor& logits) override {  // [B,V]
    const int64_t k = std::min(k_, logits.size(-1));
    auto kth = std::get<0>(logits.topk(k, -1)).narrow(-1, k - 1, 1);  // [B,1]
    return logits.masked_fill(logits < kth, kRemoved);
  }

 private:
  int64_t k_;
};

// Keeps tokens, most likely first, until their probability reaches p (the one that crosses
// is kept, as Hugging Face does): a token goes when the mass strictly before it is >= p.
class TopP : public SamplerStage {
 public:
  explicit TopP(double p) : p_(p) {}
  std::string name() const override { return "top-p " + num(p_); }
  torch::Tensor filter(const torch::Tensor& logits) override {  // [B,V]
    auto [sorted, order] = logits.sort(-1, /*descending=*/true);
    auto probs = torch::softmax(sorted.to(torch::kFloat64), -1);
    auto before = probs.cumsum(-1) - probs;                           // [B,V] mass ahead
    auto drop_sorted = before >= p_;
    auto drop = torch::zeros_like(drop_sorted).scatter(-1, order, drop_sorted);
    return logits.masked_fill(drop, kRemoved);
  }

 private:
  double p_;
};

class Greedy : public SamplerStage {
 public:
  std::string name() const override { return "greedy"; }
  bool selects() const override { return true; }
  torch::Tensor select(const torch::Tensor& logits, at::Generator&) override {
    return logits.argmax(-1).to(torch::kCPU, torch::kInt64);
  }
};

class Draw : public SamplerStage {
 public:
  std::string name() const override { return "draw"; }
  bool selects() const override { return true; }
  torch::Tensor select(const torch::Tensor& logits, at::Generator& gen) override {
    auto probs = torch::softmax(logits.to(torch::kCPU, torch::kFloat64), -1);  // [B,V]
    return torch::multinomial(probs, 1, /*replacement=*/false, gen).view({-1});
  }
};

}  // namespace

void SamplingOptions::validate() const {
  if (!std::isfinite(temperature) || temperature < 0)
    throw Error("sampling option temperature (--temperature) must be >= 0 (0 = greedy), got " +
                num(temperature));
  if (top_k < 0)
    throw Error("sampling option top_k (--top-k) must be >= 0 (0 = off), got " + std::to_string(top_k));
  if (!(top_p > 0 && top_p <= 1))
    throw Error("sampling option top_p (--top-p) must be in (0, 1] (1 = off), got " + num(top_p));
}

std::unique_ptr<SamplerStage> temperature_stage(double t) { return std::make_unique<Temperature>(t); }
std::unique_ptr<SamplerStage> top_k_stage(int64_t k) { return std::make_unique<TopK>(k); }
std::unique_ptr<SamplerStage> top_p_stage(double p) { return std::make_unique<TopP>(p); }
std::unique_ptr<SamplerStage> greedy_stage() { return std::make_unique<Greedy>(); }
std::unique_ptr<SamplerStage> draw_stage() { return std::make_unique<Draw>(); }

SamplerChain::SamplerChain(uint64_t seed) : gen_(at::detail::createCPUGenerator(seed)), seed_(seed) {}

SamplerChain SamplerChain::from_options(const SamplingOptions& o) {
  o.validate();
  SamplerChain chain(o.seed);
  if (o.greedy()) {
    chain.add(greedy_stage());
    return chain;
  }
  if (o.temperature != 1.0) chain.add(temperature_stage(o.temperature));
  if (o.top_k > 0) chain.add(top_k_stage(o.top_k));
  if (o.top_p < 1.0) chain.add(top_p_stage(o.top_p));
  chain.add(draw_stage());
  return chain;
}

SamplerChain& SamplerChain::add(std::unique_ptr<SamplerStage> stage) {
  if (!stages_.empty() && stages_.back()->selects())
    throw Error("sampler chain: cannot add '" + stage->name() + "' after the selector '" +
                stages_.back()->name() + "'");
  stages_.push_back(std::move(stage));
  return *this;
}

torch::Tensor SamplerChain::sample(const torch::Tensor& logits) {
  if (stages_.empty() || !stages_.back()->selects())
    throw Error("sampler chain '" + describe() + "' must end with a selector (greedy or draw)");
  if (logits.dim() != 2) throw Error("sampler chain: logits must be [B,V], got " + c10::str(logits.sizes()));
  auto x = logits;
  for (size_t i = 0; i + 1 < stages_.size(); ++i) x = stages_[i]->filter(x);
  return stages_.back()->select(x, gen_);
}

std::string SamplerChain::describe() const {
  std::string s;
  for (const auto& st : stages_) s += (s.empty() ? "" : " -> ") + st->name();
  if (!stages_.empty() && stages_.back()->name() == "draw") s += " (seed " + std::to_string(seed_) + ")";
  return s.empty() ? "(empty)" : s;
}

}  // namespace hycam
