// AdapterOptions: every method's hyperparameters in one validated struct, with the defaults the
// command line documents. The same struct round-trips through an adapter file's metadata, and
// "key=value" overrides (the CLI flags, or compare's `hycam:experts=8`) apply on top of it.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hycam {

struct AdapterOptions {
  std::string method = "hycam";  // hycam | cam | lora | molora | full | none
  // hycam / cam
  int64_t experts = 4;           // K specialized CAMs (hycam)
  int64_t rank = 8;              // r (hycam experts, lora, molora)
  double alpha = 32.0;           // scale s = alpha / r
  double tau = 0.5;              // Gumbel-softmax temperature while training
  double balance = 0.01;         // lambda of the load-balancing loss (hycam, molora)
  std::string placement = "attn";  // attn: h + a*M (paper) | residual: (h + a)*M (official code)
  bool cam_bias = true;          // biases on the CAM linears
  bool train_norms = false;      // also train both layer norms of each block (official code)
  std::string inference_routing = "argmax";  // argmax | sample (Gumbel noise) | soft (softmax)
  // lora / molora
  std::vector<std::string> lora_targets = {"q_proj", "k_proj", "v_proj", "o_proj"};
  double lora_dropout = 0.0;
  int64_t molora_experts = 4;
  int64_t molora_top_k = 1;

  // Throws hycam::Error naming the option and its allowed range.
  void validate() const;
  // "experts=8", "placement=residual", ... (the names of the CLI flags without dashes).
  void set(const std::string& key, const std::string& value);
  // Metadata strings for an adapter file; from_metadata reads them back (unknown keys ignored).
  std::map<std::string, std::string> to_metadata() const;
  static AdapterOptions from_metadata(const std::map<std::string, std::string>& meta,
                                      const std::string& where);
  // One line "method=hycam experts=4 rank=8 ..." with only the fields that matter for the method.
  std::string describe() const;
  bool routed() const { return method == "hycam" || method == "molora"; }
  int64_t routed_experts() const { return method == "molora" ? molora_experts : experts; }  // K when routed()
};

std::vector<std::string> method_names();

}  // namespace hycam
