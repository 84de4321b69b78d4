#include "train/options.h"

#include "util/error.h"

namespace hycam {

void TrainOptions::validate() const {
  auto need = [](bool ok, const std::string& msg) {
    if (!ok) throw Error(msg);
  };
  need(!model_dir.empty(), "--model is required");
  need(!data.empty(), "at least one --data NAME=PATH is required");
  need(eval_fraction >= 0 && test_fraction >= 0 && eval_fraction + test_fraction < 1,
       "--eval-fraction and --test-fraction must be >= 0 and leave some training data");
  need(max_len >= 8, "--max-len must be at least 8");
  need(batch >= 1, "--batch must be at least 1");
  need(grad_accum >= 1, "--grad-accum must be at least 1");
  need(lr > 0, "--lr must be positive");
  need(warmup_ratio >= 0 && warmup_ratio < 1, "--warmup-ratio must be in [0, 1)");
  need(weight_decay >= 0, "--weight-decay must be >= 0");
  need(clip > 0, "--clip must be positive");
  need(epochs >= 1 || steps > 0, "--epochs must be at least 1 (or give --steps)");
  need(steps >= 0 && eval_every >= 0 && save_every >= 0 && stop_after >= 0,
       "--steps, --eval-every, --save-every and --stop-after must be >= 0");
  need(threads >= 0, "--threads must be >= 0");
  adapter.validate();
}

nlohmann::json TrainOptions::to_json() const {
  return {{"model", model_dir}, {"data", data}, {"eval_data", eval_data},
          {"eval_fraction", eval_fraction}, {"test_fraction", test_fraction},
          {"max_samples", max_samples}, {"max_len", max_len}, {"template", template_name},
          {"loss_on_prompt", loss_on_prompt}, {"batch", batch}, {"grad_accum", grad_accum},
          {"lr", lr}, {"warmup_ratio", warmup_ratio}, {"weight_decay", weight_decay},
          {"beta1", beta1}, {"beta2", beta2}, {"clip", clip}, {"epochs", epochs}, {"steps", steps},
          {"eval_every", eval_every}, {"eval_max_samples", eval_max_samples},
          {"save_every", save_every}, {"seed", seed}, {"out", out},
          {"grad_checkpointing", grad_checkpointing}, {"pad_to_max_len", pad_to_max_len}, {"threads", threads},
          {"adapter", adapter.to_metadata()}};
}

TrainOptions TrainOptions::from_json(const nlohmann::json& j, const std::string& where) {
  TrainOptions o;
  try {
    o.model_dir = j.at("model");
    o.data = j.at("data").get<std::vector<std::string>>();
    o.eval_data = j.value("eval_data", std::vector<std::string>{});
    o.eval_fraction = j.at("eval_fraction");
    o.test_fraction = j.at("test_fraction");
    o.max_samples = j.at("max_samples");
    o.max_len = j.at("max_len");
    o.template_name = j.at("template");
    o.loss_on_prompt = j.at("loss_on_prompt");
    o.batch = j.at("batch");
    o.grad_accum = j.at("grad_accum");
    o.lr = j.at("lr");
    o.warmup_ratio = j.at("warmup_ratio");
    o.weight_decay = j.at("weight_decay");
    o.beta1 = j.at("beta1");
    o.beta2 = j.at("beta2");
    o.clip = j.at("clip");
    o.epochs = j.at("epochs");
    o.steps = j.at("steps");
    o.eval_every = j.at("eval_every");
    o.eval_max_samples = j.at("eval_max_samples");
    o.save_every = j.at("save_every");
    o.seed = j.at("seed");
    o.out = j.at("out");
    o.grad_checkpointing = j.at("grad_checkpointing");
    o.pad_to_max_len = j.value("pad_to_max_len", false);
    o.threads = j.at("threads");
    o.adapter = AdapterOptions::from_metadata(j.at("adapter").get<std::map<std::string, std::string>>(), where);
  } catch (const nlohmann::json::exception& e) {
    throw Error(where + ": not a hycam run configuration: " + e.what());
  }
  return o;
}

}  // namespace hycam
