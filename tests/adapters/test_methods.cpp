// Every method as an adapter: a fresh one leaves the model's logits exactly unchanged, only its own
// parameters train, and its gradients agree with finite differences (float64, tiny random model).
#include <gtest/gtest.h>

#include <set>

#include "adapters/adapter.h"
#include "golden.h"
#include "model/loader.h"

namespace hycam {
namespace {

// Summed token cross-entropy; -100 targets are ignored.
torch::Tensor nll_sum(const torch::Tensor& logits, const torch::Tensor& targets) {
  namespace F = torch::nn::functional;
  return F::cross_entropy(logits.reshape({-1, logits.size(-1)}), targets.reshape({-1}),
                          F::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kSum));
}

const std::vector<std::string> kAdapterMethods = {"hycam", "cam", "lora", "molora"};

AdapterOptions options(const std::string& method) {
  AdapterOptions o;
  o.method = method;
  return o;
}

// Two rows of different lengths (right padding), so masking is part of every check.
ForwardInputs padded_batch(int64_t vocab) {
  auto ids = torch::tensor({1, 403, 407, 261, 378, 432, 383, 286, 1, 298, 315, 421, 0, 0, 0, 0}, torch::kInt64);
  auto mask = torch::tensor({1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, torch::kInt64);
  return {(ids % vocab).view({2, 8}), mask.view({2, 8})};
}

TEST(Methods, FreshAdapterLeavesLogitsExactlyUnchanged) {
  auto base = load_model(test::stories_dir());
  auto in = padded_batch(512);
  torch::NoGradGuard no_grad;
  ForwardContext c0;
  auto expected = base->forward(in, c0);
  for (const auto& method : kAdapterMethods)
    for (const char* placement : {"attn", "residual"})
      for (bool training : {false, true}) {
        auto o = options(method);
        o.placement = placement;
        auto a = Adapter::attach(load_model(test::stories_dir()), o, 7);
        training ? a.model()->train() : a.model()->eval();
        ForwardContext ctx;
        ctx.training = training;
        EXPECT_TRUE(torch::equal(a.model()->forward(in, ctx), expected))
            << method << " " << placement << (training ? " training" : " inference");
      }
}

// Parameter names that may train, per method (hycam/cam modules are registered as "cam").
bool belongs_to(const std::string& method, const std::string& name) {
  if (method == "full") return true;
  if (method == "hycam" || method == "cam") return name.find(".cam.") != std::string::npos;
  return name.find("lora") != std::string::npos || name.find("router") != std::string::npos ||
         name.find("_proj.") != std::string::npos;
}

TEST(Methods, OnlyTheMethodsParametersTrain) {
  // stories260K: D 64, 5 layers, q 64, kv 32, I 172. hycam K 4, r 8: per layer shared 64*64+64,
  // router 4*64+4, experts 4*(8*64+8 + 8*8+8 + 64*8+64).
  const std::map<std::string, int64_t> expected = {
      {"hycam", 5 * (4160 + 260 + 4 * 1168)}, {"cam", 5 * 4160}, {"lora", 5 * 8 * ((64 + 64) + (64 + 32) * 2 + (64 + 64))},
      {"full", 260032}};
  for (const auto& [method, count] : expected) {
    auto a = Adapter::attach(load_model(test::stories_dir()), options(method), 0);
    EXPECT_EQ(a.trainable_count(), count) << method;
    for (const auto& item : a.model()->named_parameters())
      if (item.value().requires_grad()) EXPECT_TRUE(belongs_to(method, item.key())) << method << " trains " << item.key();
    EXPECT_NE(a.parameter_summary().find("trainable"), std::string::npos);
  }
}

ModelConfig tiny_config() {
  return ModelConfig::from_json({{"model_type", "llama"}, {"hidden_size", 16}, {"intermediate_size", 24},
                                 {"num_hidden_layers", 2}, {"num_attention_heads", 4},
                                 {"num_key_value_heads", 2}, {"vocab_size", 32}, {"rms_norm_eps", 1e-5},
                                 {"tie_word_embeddings", true}},
                                "tiny");
}

// A smooth loss of the adapter's parameters: LM loss + balance loss with soft inference routing
// (hycam) so that small perturbations cannot flip a routing decision.
double loss_value(Adapter& a, const ForwardInputs& in, const torch::Tensor& targets, bool backward) {
  ForwardContext ctx;
  auto loss = nll_sum(a.model()->forward(in, ctx), targets) / 10.0;
  if (auto bal = a.balance_loss(ctx); bal.defined()) loss = loss + 0.5 * bal;
  if (backward) loss.backward();
  return loss.item<double>();
}

TEST(Methods, GradientsMatchFiniteDifferences) {
  for (const auto& method : {"hycam", "cam", "lora", "molora", "full"}) {
    auto o = options(method);
    o.inference_routing = "soft";
    o.lora_targets = {"q_proj", "v_proj", "gate_proj", "down_proj"};
    auto a = Adapter::attach(random_model(tiny_config(), 3), o, 5);
    a.model()->to(torch::kFloat64);
    a.model()->eval();
    {
      torch::NoGradGuard no_grad;  // away from the identity, so every path carries gradient
      for (auto& p : a.parameters()) p.add_(torch::randn(p.sizes(), p.options()) * 0.3);
    }
    auto in = padded_batch(32);
    auto targets = torch::cat({in.ids.narrow(1, 1, 7), torch::full({2, 1}, -100, torch::kInt64)}, 1);
    targets.masked_fill_(torch::cat({in.attention_mask.narrow(1, 1, 7), torch::zeros({2, 1}, torch::kInt64)}, 1) == 0, -100);
    loss_value(a, in, targets, true);
    torch::manual_seed(0);
    int checked = 0;
    for (auto& p : a.parameters()) {
      auto flat = p.detach().view({-1});
      auto grad = p.grad().view({-1});
      for (int j = 0; j < 2; ++j) {
        const int64_t i = torch::randint(flat.numel(), {1}).item<int64_t>();
        const double eps = 1e-6, keep = flat[i].item<double>();
        torch::NoGradGuard no_grad;
        flat[i] = keep + eps;
        const double up = loss_value(a, in, targets, false);
        flat[i] = keep - eps;
        const double down = loss_value(a, in, targets, false);
        flat[i] = keep;
        const double numeric = (up - down) / (2 * eps), analytic = grad[i].item<double>();
        EXPECT_NEAR(analytic, numeric, 1e-6 + 1e-5 * std::abs(numeric)) << method << " parameter element " << i;
        ++checked;
      }
    }
    EXPECT_GT(checked, 4) << method;
  }
}

// While training, the router learns from the LM loss through the straight-through gates, and
// from the balance loss; each path alone gives it a non-zero gradient.
TEST(Methods, RouterGetsGradientFromBothPaths) {
  auto a = Adapter::attach(load_model(test::stories_dir()), options("hycam"), 1);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : a.parameters()) p.add_(torch::randn(p.sizes()) * 0.05);
  }
  a.model()->train();
  auto in = padded_batch(512);
  auto router_grad = [&](bool lm, bool balance) {
    for (auto& p : a.parameters()) p.mutable_grad() = torch::Tensor();
    torch::manual_seed(4);
    ForwardContext ctx;
    ctx.training = true;
    auto logits = a.model()->forward(in, ctx);
    auto loss = torch::zeros({});
    if (lm) loss = loss + nll_sum(logits, in.ids) / 16.0;
    if (balance) loss = loss + a.balance_loss(ctx);
    loss.backward();
    return a.model()->named_parameters()["model.layers.0.cam.router_weight"].grad().abs().sum().item<double>();
  };
  EXPECT_GT(router_grad(true, false), 0);
  EXPECT_GT(router_grad(false, true), 0);
}

}  // namespace
}  // namespace hycam
