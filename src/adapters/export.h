// Folding an adapter into the base weights, to give a plain Hugging Face model folder that any
// Llama runtime loads without hycam:
//   lora  W' = W + (alpha/r) B A on every target projection
//   full  the trained weights themselves
// hycam, cam and molora cannot be folded: their change to a layer depends on each token's input
// (a modulation, or a per-token choice of expert), not on the weights alone.
#pragma once
#include <map>
#include <string>

#include "adapters/adapter.h"

namespace hycam {

// The base model's tensors under Hugging Face names with the adapter folded in. Throws for methods
// that cannot be folded, saying why.
std::map<std::string, torch::Tensor> merged_hf_tensors(Adapter& adapter);

// Writes out_dir/model.safetensors (float32) and copies config.json and the tokenizer files of
// `model_dir`. The folder is assembled beside `out_dir` and renamed into place, so `out_dir` is
// either the whole export or untouched. Refuses a non-empty `out_dir` unless `overwrite`.
void export_merged_model(Adapter& adapter, const std::string& model_dir, const std::string& out_dir,
                         bool overwrite);

}  // namespace hycam
