#include "model/config.h"

#include <fstream>
#include <sstream>

#include "util/error.h"

namespace hycam {
namespace {

using nlohmann::json;

int64_t required_int(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key)) throw Error(where + ": missing required field '" + key + "'");
  if (!j[key].is_number_integer() || j[key].get<int64_t>() <= 0)
    throw Error(where + ": field '" + key + "' must be a positive integer, got " + j[key].dump());
  return j[key].get<int64_t>();
}

template <typename T>
T optional_value(const json& j, const char* key, T fallback, const std::string& where) {
  if (!j.contains(key) || j[key].is_null()) return fallback;
  try {
    return j[key].get<T>();
  } catch (const json::exception&) {
    throw Error(where + ": field '" + key + "' has the wrong type: " + j[key].dump());
  }
}

std::vector<int64_t> int_or_list(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key) || j[key].is_null()) return {};
  if (j[key].is_number_integer()) return {j[key].get<int64_t>()};
  if (j[key].is_array()) {
    std::vector<int64_t> out;
    for (const auto& v : j[key]) {
      if (!v.is_number_integer()) throw Error(where + ": '" + key + "' must hold integers");
      out.push_back(v.get<int64_t>());
    }
    return out;
  }
  throw Error(where + ": '" + key + "' must be an integer or a list of integers");
}

RopeScaling parse_rope_scaling(const json& j, const std::string& where) {
  RopeScaling rs;
  if (!j.contains("rope_scaling") || j["rope_scaling"].is_null()) return rs;
  const json& r = j["rope_scaling"];
  if (!r.is_object()) throw Error(where + ": 'rope_scaling' must be an object or null");
  rs.type = r.value("rope_type", r.value("type", std::string("default")));
  if (rs.type == "default") return rs;
  if (rs.type != "linear" && rs.type != "llama3")
    throw Error(where + ": rope_scaling type '" + rs.type +
                "' is not supported (supported: default, linear, llama3)");
  rs.factor = optional_value<double>(r, "factor", 0.0, where);
  if (rs.factor <= 0) throw Error(where + ": rope_scaling needs a positive 'factor'");
  if (rs.type == "llama3") {
    rs.low_freq_factor = optional_value<double>(r, "low_freq_factor", 1.0, where);
    rs.high_freq_factor = optional_value<double>(r, "high_freq_factor", 4.0, where);
    rs.original_max_positions =
        optional_value<int64_t>(r, "original_max_position_embeddings", 8192, where);
  }
  return rs;
}

// HF semantics: Mistral windows every layer when sliding_window is set; Qwen2 only with
// use_sliding_window, from layer max_window_layers on; Llama never.
std::vector<std::optional<int64_t>> parse_windows(const json& j, const ModelConfig& c,
                                                  const std::string& where) {
  std::vector<std::optional<int64_t>> w(c.layers);
  int64_t sw = optional_value<int64_t>(j, "sliding_window", 0, where);
  if (sw <= 0) return w;
  if (c.model_type == "mistral") {
    for (auto& x : w) x = sw;
  } else if (c.model_type == "qwen2" && optional_value<bool>(j, "use_sliding_window", false, where)) {
    int64_t from = optional_value<int64_t>(j, "max_window_layers", 28, where);
    for (int64_t i = from; i < c.layers; ++i) w[i] = sw;
  }
  return w;
}

}  // namespace

ModelConfig ModelConfig::from_json(const json& j, const std::string& where) {
  if (!j.is_object()) throw Error(where + ": config must be a JSON object");
  ModelConfig c;
  c.model_type = optional_value<std::string>(j, "model_type", "", where);
  if (c.model_type != "llama" && c.model_type != "qwen2" && c.model_type != "mistral")
    throw Error(where + ": model_type '" + c.model_type +
                "' is not supported (supported: llama, qwen2, mistral)");
  std::string act = optional_value<std::string>(j, "hidden_act", "silu", where);
  if (act != "silu") throw Error(where + ": hidden_act '" + act + "' is not supported (only silu)");
  c.hidden = required_int(j, "hidden_size", where);
  c.intermediate = required_int(j, "intermediate_size", where);
  c.layers = required_int(j, "num_hidden_layers", where);
  c.heads = required_int(j, "num_attention_heads", where);
  c.vocab = required_int(j, "vocab_size", where);
  c.kv_heads = j.contains("num_key_value_heads") && !j["num_key_value_heads"].is_null()
                   ? required_int(j, "num_key_value_heads", where) : c.heads;
  if (c.heads % c.kv_heads != 0)
    throw Error(where + ": num_attention_heads (" + std::to_string(c.heads) +
                ") must be a multiple of num_key_value_heads (" + std::to_string(c.kv_heads) + ")");
  c.head_dim = j.contains("head_dim") && !j["head_dim"].is_null() ? required_int(j, "head_dim", where)
                                                                  : c.hidden / c.heads;
  if (c.head_dim % 2 != 0) throw Error(where + ": head_dim must be even for rotary embeddings");
  c.max_positions = optional_value<int64_t>(j, "max_position_embeddings", 2048, where);
  c.rms_eps = optional_value<double>(j, "rms_norm_eps", 1e-6, where);
  c.rope_theta = optional_value<double>(j, "rope_theta", 10000.0, where);
  c.rope_scaling = parse_rope_scaling(j, where);
  c.tie_embeddings = optional_value<bool>(j, "tie_word_embeddings", false, where);
  c.o_bias = optional_value<bool>(j, "attention_bias", false, where);
  c.qkv_bias = c.o_bias || c.model_type == "qwen2";
  c.mlp_bias = optional_value<bool>(j, "mlp_bias", false, where);
  c.windows = parse_windows(j, c, where);
  c.eos_ids = int_or_list(j, "eos_token_id", where);
  c.bos_id = optional_value<int64_t>(j, "bos_token_id", -1, where);
  c.init_range = optional_value<double>(j, "initializer_range", 0.02, where);
  return c;
}

ModelConfig ModelConfig::from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open config file");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::parse_error& e) {
    throw Error(path + ": invalid JSON: " + e.what());
  }
  return from_json(j, path);
}

std::string ModelConfig::fingerprint() const {
  std::ostringstream s;
  s << model_type << "-d" << hidden << "-i" << intermediate << "-l" << layers << "-h" << heads
    << "-kv" << kv_heads << "-hd" << head_dim << "-v" << vocab;
  return s.str();
}

}  // namespace hycam
