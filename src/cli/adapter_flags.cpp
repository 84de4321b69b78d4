#include "cli/adapter_flags.h"

namespace hycam::cli {

void add_adapter_flags(CLI::App* cmd, std::map<std::string, std::string>& overrides, bool with_method) {
  struct Flag {
    const char* name;
    const char* key;
    const char* help;
  };
  static const Flag flags[] = {
      {"--method", "method", "hycam | cam | lora | molora | full (default hycam)"},
      {"--experts", "experts", "hycam: specialized CAMs K (default 4)"},
      {"--rank", "rank", "hycam experts, lora, molora: rank r (default 8)"},
      {"--alpha", "alpha", "scale alpha/r (default 32)"},
      {"--tau", "tau", "hycam: Gumbel-softmax temperature while training (default 0.5)"},
      {"--balance", "balance", "hycam, molora: load-balancing loss coefficient (default 0.01)"},
      {"--placement", "placement", "hycam, cam: attn = h + a*M (paper, default) | residual = (h + a)*M (official code)"},
      {"--inference-routing", "inference-routing", "hycam: argmax (default) | sample | soft"},
      {"--lora-targets", "lora-targets", "lora, molora: projections, default q,k,v,o (may add gate,up,down)"},
      {"--lora-dropout", "lora-dropout", "lora, molora: dropout on the adapter input (default 0)"},
      {"--molora-experts", "molora-experts", "molora: LoRA experts per projection (default 4)"},
      {"--molora-top-k", "molora-top-k", "molora: experts per token (default 1)"},
  };
  for (const auto& f : flags) {
    if (!with_method && std::string(f.key) == "method") continue;
    const std::string key = f.key;
    cmd->add_option_function<std::string>(f.name, [&overrides, key](const std::string& v) { overrides[key] = v; },
                                          f.help)
        ->group("Adapter");
  }
  cmd->add_flag_callback("--no-cam-bias", [&overrides] { overrides["cam-bias"] = "false"; },
                         "hycam, cam: no biases on the CAM linears")
      ->group("Adapter");
  cmd->add_flag_callback("--train-norms", [&overrides] { overrides["train-norms"] = "true"; },
                         "hycam, cam: also train both layer norms of each block (official code)")
      ->group("Adapter");
}

}  // namespace hycam::cli
