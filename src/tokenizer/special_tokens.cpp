#include "tokenizer/special_tokens.h"

#include "tokenizer/json_fields.h"
#include "util/error.h"

namespace hycam {
namespace {

using nlohmann::json;
namespace jf = json_fields;

// The single-sequence template's special token ids before and after $A.
struct Template {
  bool present = false;
  std::vector<int32_t> prefix, suffix;
};

std::vector<int32_t> template_ids(const json& processor, const std::string& name,
                                  const std::string& file) {
  const json& special =
      jf::child(processor, "special_tokens", "object", file, "TemplateProcessing");
  if (!special.contains(name))
    throw Error(file + ": TemplateProcessing: '" + name + "' is not in special_tokens");
  return jf::get<std::vector<int32_t>>(special[name], "ids", file,
                                       "TemplateProcessing '" + name + "'");
}

// Post-processors change ids only through TemplateProcessing; ByteLevel only trims offsets.
Template read_template(const json& processor, const std::string& file) {
  Template t;
  if (processor.is_null()) return t;
  const std::string type = jf::type_of(processor, file, "post_processor");
  if (type == "ByteLevel") return t;
  if (type == "Sequence") {
    for (const json& p :
         jf::child(processor, "processors", "list", file, "Sequence post_processor")) {
      Template inner = read_template(p, file);
      if (inner.present) t = inner;
    }
    return t;
  }
  if (type != "TemplateProcessing")
    throw Error(file + ": unsupported post_processor type '" + type +
                "' (supported: TemplateProcessing, ByteLevel, Sequence)");
  t.present = true;
  bool after_sequence = false;
  for (const json& item : jf::child(processor, "single", "list", file, "TemplateProcessing")) {
    if (item.contains("Sequence")) {
      after_sequence = true;
    } else if (item.contains("SpecialToken")) {
      const auto name =
          jf::get<std::string>(item["SpecialToken"], "id", file, "TemplateProcessing single");
      auto& dst = after_sequence ? t.suffix : t.prefix;
      for (int32_t id : template_ids(processor, name, file)) dst.push_back(id);
    }
  }
  return t;
}

// A token named in the config: a string, {"content": ...} (an AddedToken), or null / absent.
int32_t config_token(const SpecialTokenSources& src, const char* key) {
  if (!src.config.is_object() || !src.config.contains(key) || src.config[key].is_null()) return -1;
  const json& v = src.config[key];
  const std::string name = v.is_object()
                               ? jf::get<std::string>(v, "content", src.config_file, key)
                               : jf::convert<std::string>(v, key, src.config_file, "config");
  const int32_t id = src.token_to_id(name);
  if (id < 0)
    throw Error(src.config_file + ": " + key + " '" + name + "' is not in the vocabulary");
  return id;
}

bool has_add_flags(const json& config) {
  return config.is_object() &&
         (config.contains("add_bos_token") || config.contains("add_eos_token"));
}

// The config's add_bos_token / add_eos_token; true needs the token itself.
bool add_flag(const SpecialTokenSources& src, const char* flag, int32_t id, const char* token_key) {
  if (!jf::get_or<bool>(src.config, flag, false, src.config_file, "config")) return false;
  if (id < 0)
    throw Error(src.config_file + ": " + flag + " is true but " + token_key + " is not set");
  return true;
}

}  // namespace

SpecialTokens resolve_special_tokens(const SpecialTokenSources& src) {
  const json& pp =
      src.tokenizer.contains("post_processor") ? src.tokenizer["post_processor"] : json();
  const Template tmpl = read_template(pp, src.tokenizer_file);
  SpecialTokens s;
  s.bos = config_token(src, "bos_token");
  s.eos = config_token(src, "eos_token");
  s.pad = config_token(src, "pad_token");
  if (s.bos < 0 && !tmpl.prefix.empty()) s.bos = tmpl.prefix.front();
  if (s.eos < 0 && !tmpl.suffix.empty()) s.eos = tmpl.suffix.back();
  if (s.pad < 0 && src.tokenizer.contains("padding") && src.tokenizer["padding"].is_object())
    s.pad = jf::get_or<int>(src.tokenizer["padding"], "pad_id", -1, src.tokenizer_file, "padding");
  if (has_add_flags(src.config)) {
    if (add_flag(src, "add_bos_token", s.bos, "bos_token")) s.prefix = {s.bos};
    if (add_flag(src, "add_eos_token", s.eos, "eos_token")) s.suffix = {s.eos};
  } else {
    s.prefix = tmpl.prefix;
    s.suffix = tmpl.suffix;
  }
  return s;
}

}  // namespace hycam
