#include "adapters/options.h"

#include <algorithm>
#include <sstream>

#include "util/error.h"

namespace hycam {
namespace {

const std::vector<std::string> kProjections = {"q_proj", "k_proj", "v_proj", "o_proj",
                                               "gate_proj", "up_proj", "down_proj"};

int64_t to_int(const std::string& key, const std::string& v) {
  try {
    size_t used = 0;
    int64_t x = std::stoll(v, &used);
    if (used == v.size()) return x;
  } catch (const std::exception&) {
  }
  throw Error("option '" + key + "': expected an integer, got '" + v + "'");
}

double to_double(const std::string& key, const std::string& v) {
  try {
    size_t used = 0;
    double x = std::stod(v, &used);
    if (used == v.size()) return x;
  } catch (const std::exception&) {
  }
  throw Error("option '" + key + "': expected a number, got '" + v + "'");
}

bool to_bool(const std::string& key, const std::string& v) {
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  throw Error("option '" + key + "': expected true or false, got '" + v + "'");
}

std::vector<std::string> split_list(const std::string& v) {
  std::vector<std::string> out;
  std::stringstream s(v);
  for (std::string item; std::getline(s, item, ',');)
    if (!item.empty()) out.push_back(item.find("_proj") == std::string::npos ? item + "_proj" : item);
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ",") + x;
  return out;
}

std::string num(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

}  // namespace

std::vector<std::string> method_names() { return {"hycam", "cam", "lora", "molora", "full", "none"}; }

void AdapterOptions::validate() const {
  auto names = method_names();
  if (std::find(names.begin(), names.end(), method) == names.end())
    throw Error("unknown method '" + method + "' (choose from hycam, cam, lora, molora, full, none)");
  auto positive = [](const char* name, double v) {
    if (!(v > 0)) throw Error("option '" + std::string(name) + "' must be positive, got " + num(v));
  };
  positive("experts", static_cast<double>(experts));
  positive("rank", static_cast<double>(rank));
  positive("alpha", alpha);
  positive("tau", tau);
  positive("molora-experts", static_cast<double>(molora_experts));
  if (balance < 0) throw Error("option 'balance' must be >= 0, got " + num(balance));
  if (placement != "attn" && placement != "residual")
    throw Error("option 'placement' must be attn or residual, got '" + placement + "'");
  if (inference_routing != "argmax" && inference_routing != "sample" && inference_routing != "soft")
    throw Error("option 'inference-routing' must be argmax, sample or soft, got '" + inference_routing + "'");
  if (lora_dropout < 0 || lora_dropout >= 1)
    throw Error("option 'lora-dropout' must be in [0, 1), got " + num(lora_dropout));
  if (molora_top_k < 1 || molora_top_k > molora_experts)
    throw Error("option 'molora-top-k' must be between 1 and molora-experts (" + std::to_string(molora_experts) + ")");
  if (lora_targets.empty()) throw Error("option 'lora-targets' needs at least one projection");
  for (const auto& t : lora_targets)
    if (std::find(kProjections.begin(), kProjections.end(), t) == kProjections.end())
      throw Error("option 'lora-targets': unknown projection '" + t +
                  "' (q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj)");
}

void AdapterOptions::set(const std::string& key, const std::string& v) {
  if (key == "method") method = v;
  else if (key == "experts" || key == "num_experts") experts = to_int(key, v);
  else if (key == "rank") rank = to_int(key, v);
  else if (key == "alpha") alpha = to_double(key, v);
  else if (key == "tau") tau = to_double(key, v);
  else if (key == "balance" || key == "balance_coef") balance = to_double(key, v);
  else if (key == "placement") placement = v;
  else if (key == "cam-bias" || key == "cam_bias") cam_bias = to_bool(key, v);
  else if (key == "train-norms" || key == "train_norms") train_norms = to_bool(key, v);
  else if (key == "inference-routing" || key == "inference_routing") inference_routing = v;
  else if (key == "lora-targets" || key == "targets") lora_targets = split_list(v);
  else if (key == "lora-dropout" || key == "dropout") lora_dropout = to_double(key, v);
  else if (key == "molora-experts" || key == "molora_experts") molora_experts = to_int(key, v);
  else if (key == "molora-top-k" || key == "top_k") molora_top_k = to_int(key, v);
  else
    throw Error("unknown adapter option '" + key +
                "' (experts, rank, alpha, tau, balance, placement, cam-bias, train-norms, "
                "inference-routing, lora-targets, lora-dropout, molora-experts, molora-top-k)");
}

std::map<std::string, std::string> AdapterOptions::to_metadata() const {
  return {{"method", method}, {"num_experts", std::to_string(experts)},
          {"rank", std::to_string(rank)}, {"alpha", num(alpha)}, {"tau", num(tau)},
          {"balance_coef", num(balance)}, {"placement", placement},
          {"cam_bias", cam_bias ? "true" : "false"}, {"train_norms", train_norms ? "true" : "false"},
          {"inference_routing", inference_routing}, {"targets", join(lora_targets)},
          {"dropout", num(lora_dropout)}, {"molora_experts", std::to_string(molora_experts)},
          {"top_k", std::to_string(molora_top_k)}};
}

AdapterOptions AdapterOptions::from_metadata(const std::map<std::string, std::string>& meta,
                                             const std::string& where) {
  AdapterOptions o;
  try {
    for (const auto& [k, v] : meta) {
      if (k == "fingerprint" || k == "format_version") continue;
      try {
        o.set(k, v);
      } catch (const Error& e) {
        if (std::string(e.what()).rfind("unknown adapter option", 0) != 0) throw;
      }
    }
    o.validate();
  } catch (const Error& e) {
    throw Error(where + ": metadata: " + e.what());
  }
  return o;
}

std::string AdapterOptions::describe() const {
  std::ostringstream s;
  s << "method=" << method;
  if (method == "hycam")
    s << " experts=" << experts << " rank=" << rank << " alpha=" << alpha << " tau=" << tau
      << " balance=" << balance;
  if (method == "hycam" || method == "cam")
    s << " placement=" << placement << " cam-bias=" << (cam_bias ? "true" : "false")
      << " train-norms=" << (train_norms ? "true" : "false");
  if (method == "lora" || method == "molora")
    s << " rank=" << rank << " alpha=" << alpha << " targets=" << join(lora_targets)
      << " dropout=" << lora_dropout;
  if (method == "molora")
    s << " molora-experts=" << molora_experts << " top-k=" << molora_top_k << " balance=" << balance;
  return s.str();
}

}  // namespace hycam
