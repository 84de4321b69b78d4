// A model folder's weights, the way Hugging Face lays them out: one model.safetensors, or shards
// listed by model.safetensors.index.json. The index is the catalogue: a tensor a shard holds but
// the index does not list is not part of the model (transformers ignores it too).
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/safetensors.h"
#include "util/error.h"

namespace hycam::io {
namespace {

using nlohmann::json;

// The index's "weight_map" object (tensor name -> shard file name).
json read_weight_map(const std::string& index_path) {
  std::ifstream in(index_path, std::ios::binary);
  if (!in) throw Error(index_path + ": cannot open");
  std::stringstream text;
  text << in.rdbuf();
  json index;
  try {
    index = json::parse(text.str());
  } catch (const json::parse_error& e) {
    throw Error(index_path + ": not valid JSON: " + e.what());
  }
  if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
    throw Error(index_path + ": missing \"weight_map\" object (tensor name -> shard file)");
  return index["weight_map"];
}

}  // namespace

WeightSet::WeightSet(const std::string& model_dir) : dir_(model_dir) {
  const std::string single = model_dir + "/model.safetensors";
  const std::string index = single + ".index.json";
  if (std::filesystem::exists(single)) {
    files_.emplace_back(single);
    for (const std::string& name : files_[0].names()) where_[name] = 0;
    return;
  }
  if (!std::filesystem::exists(index))
    throw Error(model_dir + ": neither model.safetensors nor model.safetensors.index.json found " +
                "(is this a Hugging Face model folder?)");
  const json weight_map = read_weight_map(index);  // named: items() does not keep a temporary
  std::map<std::string, size_t> shard_at;          // shard file name -> index into files_
  for (const auto& [name, shard] : weight_map.items()) {
    if (!shard.is_string())
      throw Error(index + ": weight_map entry for tensor '" + name + "' is not a file name");
    const std::string file = shard.get<std::string>();
    const std::string shard_path = model_dir + "/" + file;
    auto [at, fresh] = shard_at.emplace(file, files_.size());
    if (fresh) {
      if (!std::filesystem::is_regular_file(shard_path))
        throw Error(index + ": shard '" + file + "' (listed for tensor '" + name +
                    "') is missing: no file " + shard_path);
      files_.emplace_back(shard_path);
    }
    if (!files_[at->second].contains(name))
      throw Error(index + ": tensor '" + name + "' is listed in shard '" + file + "' but " +
                  shard_path + " does not hold it");
    where_[name] = at->second;
  }
}

bool WeightSet::contains(const std::string& name) const { return where_.count(name) != 0; }

const TensorView& WeightSet::tensor(const std::string& name) const {
  auto it = where_.find(name);
  if (it == where_.end()) throw Error(dir_ + ": the model's weights have no tensor '" + name + "'");
  return files_[it->second].tensor(name);
}

const std::string& WeightSet::file_of(const std::string& name) const {
  auto it = where_.find(name);
  if (it == where_.end()) throw Error(dir_ + ": the model's weights have no tensor '" + name + "'");
  return files_[it->second].path();
}

std::vector<std::string> WeightSet::names() const {
  std::vector<std::string> out;
  for (const auto& [name, file] : where_) out.push_back(name);
  return out;
}

}  // namespace hycam::io
