// hycam generate: continue a prompt with a model (and optionally an adapter), streaming the new
// text to stdout as it is generated. stderr gets the adapter options used, load warnings, the
// sampler chain and a one-line summary; stdout gets only the continuation and a final newline.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>

#include "adapters/adapter_file.h"
#include "cli/adapter_flags.h"
#include "cli/commands.h"
#include "generate/generate.h"
#include "generate/text_stream.h"
#include "model/loader.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

namespace hycam::cli {
namespace {

struct GenerateArgs {
  std::string model, prompt, adapter;
  GenerateOptions gen;
  std::map<std::string, std::string> overrides;  // adapter option -> value, from the flags below
};

void run_generate(GenerateArgs& a) {
  a.gen.validate();  // before loading anything: a bad flag fails at once
  if (a.adapter.empty() && !a.overrides.empty())
    throw Error("--" + a.overrides.begin()->first + " changes an adapter: give --adapter FILE|RUN_DIR too");
  auto model = load_model(a.model);
  auto tokenizer = Tokenizer::from_dir(a.model);
  if (!a.adapter.empty()) {
    auto loaded = load_adapter(a.adapter, model, a.overrides);
    for (const auto& w : loaded.warnings) std::cerr << "warning: " << w << "\n";
    std::cerr << "adapter: " << resolve_adapter_path(a.adapter) << " (" << loaded.adapter.options().describe() << ")\n";
  }
  a.gen.eos_ids = eos_ids_for(a.model, model->config(), tokenizer);
  auto ids32 = tokenizer.encode(a.prompt, /*add_special=*/true);
  std::vector<int64_t> prompt(ids32.begin(), ids32.end());
  std::cerr << "sampling: " << SamplerChain::from_options(a.gen.sampling).describe() << "; prompt "
            << prompt.size() << " tokens\n";

  TextStream stream(tokenizer, prompt);
  const auto t0 = std::chrono::steady_clock::now();
  auto out = generate(model, {prompt}, a.gen, [&](int64_t, int64_t token) {
    std::cout << stream.push(token) << std::flush;
  });
  std::cout << stream.flush() << "\n" << std::flush;
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& ids = out[0];
  const bool at_eos = !ids.empty() && std::count(a.gen.eos_ids.begin(), a.gen.eos_ids.end(), ids.back());
  std::cerr << ids.size() << " tokens in " << s << " s (" << ids.size() / std::max(s, 1e-9) << " tokens/s), stopped "
            << (at_eos ? "at EOS" : "at --max-new-tokens") << "\n";
}

CommandRegistration reg(10, [](CLI::App& app) {
  auto args = std::make_shared<GenerateArgs>();
  auto* cmd = app.add_subcommand("generate", "continue a prompt, streaming the new text to stdout");
  cmd->add_option("--model", args->model, "Hugging Face model folder (config.json, weights, tokenizer.json)")
      ->required();
  cmd->add_option("--prompt", args->prompt, "text to continue (BOS added as tokenizer_config.json says)")->required();
  cmd->add_option("--adapter", args->adapter, "adapter .safetensors file or training run folder");
  cmd->add_option("--max-new-tokens", args->gen.max_new_tokens, "most tokens to generate")->capture_default_str();
  auto& s = args->gen.sampling;
  cmd->add_option("--temperature", s.temperature, "0 = greedy; > 0 samples from softmax(logits / T)")
      ->capture_default_str()->group("Sampling");
  cmd->add_option("--top-k", s.top_k, "sample among the k most likely tokens (0 = off)")
      ->capture_default_str()->group("Sampling");
  cmd->add_option("--top-p", s.top_p, "sample among the most likely tokens holding probability p (1 = off)")
      ->capture_default_str()->group("Sampling");
  cmd->add_option("--seed", s.seed, "seed of the sampler")->capture_default_str()->group("Sampling");
  add_adapter_flags(cmd, args->overrides, /*with_method=*/false);
  cmd->callback([args] { run_generate(*args); });
});

}  // namespace
}  // namespace hycam::cli
