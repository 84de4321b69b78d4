#include "adapters/hycam/layer.h"

#include <cmath>

#include "adapters/routing.h"

namespace hycam {
namespace {

torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
  return torch::nn::functional::linear(x, w, b);
}

// PyTorch's kaiming_uniform_(a=sqrt(5)) on a [out, in] matrix: U(-1/sqrt(in), 1/sqrt(in)).
void kaiming_uniform(torch::Tensor w) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(w.size(-1)));
  w.uniform_(-bound, bound);
}

}  // namespace

CamModulatorImpl::CamModulatorImpl(int64_t dim, int64_t experts, const AdapterOptions& o, int64_t layer)
    : experts_(experts), rank_(o.rank), layer_(layer), scale_(o.alpha / o.rank), tau_(o.tau),
      residual_placement_(o.placement == "residual"), inference_routing_(o.inference_routing) {
  const int64_t D = dim, R = o.rank, K = experts;
  auto bias = [&](const char* name, std::vector<int64_t> shape) {
    return o.cam_bias ? register_parameter(name, torch::zeros(shape)) : torch::Tensor();
  };
  shared_w = register_parameter("shared_weight", torch::zeros({D, D}));
  shared_b = bias("shared_bias", {D});
  if (K == 0) return;
  router_w = register_parameter("router_weight", torch::zeros({K, D}));
  router_b = register_parameter("router_bias", torch::zeros({K}));
  a_w = register_parameter("experts_A_weight", torch::zeros({K, R, D}));
  a_b = bias("experts_A_bias", {K, R});
  n_w = register_parameter("experts_N_weight", torch::zeros({K, R, R}));
  n_b = bias("experts_N_bias", {K, R});
  b_w = register_parameter("experts_B_weight", torch::zeros({K, D, R}));
  b_b = bias("experts_B_bias", {K, D});
}

void CamModulatorImpl::reset_parameters(double init_range) {
  torch::NoGradGuard no_grad;
  for (auto& p : parameters()) p.zero_();
  if (experts_ == 0) return;
  router_w.normal_(0.0, init_range);
  for (int64_t k = 0; k < experts_; ++k) {
    kaiming_uniform(a_w[k]);
    kaiming_uniform(n_w[k]);
  }
}

NamedTensors CamModulatorImpl::file_tensors() {
  NamedTensors out = {{"shared.weight", shared_w}};
  if (shared_b.defined()) out.push_back({"shared.bias", shared_b});
  if (experts_ == 0) return out;
  out.push_back({"router.weight", router_w});
  out.push_back({"router.bias", router_b});
  const std::pair<const char*, std::pair<torch::Tensor, torch::Tensor>> parts[] = {
      {"A", {a_w, a_b}}, {"N", {n_w, n_b}}, {"B", {b_w, b_b}}};
  for (int64_t k = 0; k < experts_; ++k)
    for (const auto& [name, wb] : parts) {
      const std::string p = "experts." + std::to_string(k) + "." + name;
      out.push_back({p + ".weight", wb.first[k]});
      if (wb.second.defined()) out.push_back({p + ".bias", wb.second[k]});
    }
  return out;
}

torch::Tensor CamModulatorImpl::route(const torch::Tensor& logits, const ForwardContext& ctx) const {
  if (ctx.training || inference_routing_ == "sample") return gumbel_straight_through(logits, tau_, ctx.rows);
  if (inference_routing_ == "soft") return torch::softmax(logits, -1);
  return argmax_one_hot(logits);
}

// All K experts as three batched products: A for every expert at once ([N, K*R]), then N and B
// per expert with bmm over the stacked weights.
torch::Tensor CamModulatorImpl::experts_dense(const torch::Tensor& x) const {
  const int64_t N = x.size(0), K = experts_, R = rank_;
  auto za = linear(x, a_w.reshape({K * R, -1}), a_b.defined() ? a_b.reshape({K * R}) : torch::Tensor());
  za = za.view({N, K, R}).transpose(0, 1);                                  // [K,N,R]
  auto zn = torch::bmm(za, n_w.transpose(1, 2));                            // [K,N,R]
  if (n_b.defined()) zn = zn + n_b.unsqueeze(1);
  // s * B(z) with s folded into B's small weights rather than applied to the [K,N,D] product.
  auto zb = torch::bmm(zn, (b_w * scale_).transpose(1, 2));                 // [K,N,D]
  if (b_b.defined()) zb = zb + (b_b * scale_).unsqueeze(1);
  return torch::silu(zb);
}

// Hard routing without gradient: tokens grouped by their expert, one small product chain each.
torch::Tensor CamModulatorImpl::experts_routed(const torch::Tensor& x, const torch::Tensor& choice) const {
  auto out = torch::empty_like(x);
  for (int64_t k = 0; k < experts_; ++k) {
    auto rows = (choice == k).nonzero().squeeze(1);
    if (rows.numel() == 0) continue;
    auto xk = x.index_select(0, rows);
    auto z = linear(xk, a_w[k], a_b.defined() ? a_b[k] : torch::Tensor());
    z = linear(z, n_w[k], n_b.defined() ? n_b[k] : torch::Tensor());
    z = linear(z, b_w[k], b_b.defined() ? b_b[k] : torch::Tensor());
    out.index_copy_(0, rows, torch::silu(z * scale_));
  }
  return out;
}

torch::Tensor CamModulatorImpl::modulation(const torch::Tensor& x, ForwardContext& ctx) {
  auto shared = torch::silu(linear(x, shared_w, shared_b)) + 1;  // [N,D]
  if (experts_ == 0) return shared;
  auto logits = linear(x, router_w, router_b);                   // [N,K]
  auto gates = route(logits, ctx);
  if (ctx.record_routing) ctx.routing.push_back({layer_, logits, gates});
  const bool hard = ctx.training || inference_routing_ != "soft";
  if (hard && !(torch::GradMode::is_enabled() && ctx.training)) return shared + experts_routed(x, gates.argmax(-1));
  auto dense = experts_dense(x);                                 // [K,N,D]
  // sum_k g_k E_k element-wise: einsum would make it a batched product with one [1,K]x[K,D]
  // matrix product per token, 1,024 BLAS calls a layer (and twice that in backward) at seq 512.
  return shared + (dense * gates.t().unsqueeze(-1)).sum(0);
}

torch::Tensor CamModulatorImpl::combine(const torch::Tensor& h, const torch::Tensor& x,
                                        const torch::Tensor& a, ForwardContext& ctx) {
  const auto shape = x.sizes();
  auto rows = x.reshape({-1, x.size(-1)});
  // Every row is modulated, but routing statistics count real tokens only.
  const size_t before = ctx.routing.size();
  auto m = modulation(rows, ctx).view(shape);
  if (ctx.token_mask.defined()) {
    auto keep = ctx.token_mask.reshape({-1});
    for (size_t i = before; i < ctx.routing.size(); ++i) {
      ctx.routing[i].logits = ctx.routing[i].logits.index({keep});
      ctx.routing[i].gates = ctx.routing[i].gates.index({keep});
    }
  }
  return residual_placement_ ? (h + a) * m : h + a * m;
}

}  // namespace hycam
