// Loading: parse tokenizer.json (+ tokenizer_config.json), refuse what is not supported, and build
// the model, pipeline steps, added-token matchers and the id -> token table.
#include <algorithm>

#include "tokenizer/json_fields.h"
#include "tokenizer/tokenizer_impl.h"
#include "util/error.h"
#include "util/json_lines.h"

namespace hycam {
namespace {

using nlohmann::json;
namespace jf = json_fields;

std::vector<AddedToken> read_added_tokens(const json& doc, const std::string& file) {
  std::vector<AddedToken> tokens;
  if (!doc.contains("added_tokens") || doc["added_tokens"].is_null()) return tokens;
  for (const json& t : jf::child(doc, "added_tokens", "list", file, "tokenizer.json")) {
    AddedToken a;
    a.content = jf::get<std::string>(t, "content", file, "added_tokens");
    a.id = jf::get<int32_t>(t, "id", file, "added token '" + a.content + "'");
    if (a.id < 0) throw Error(file + ": added token '" + a.content + "' has a negative id");
    a.special = jf::get_or<bool>(t, "special", false, file, "added_tokens");
    a.single_word = jf::get_or<bool>(t, "single_word", false, file, "added_tokens");
    a.lstrip = jf::get_or<bool>(t, "lstrip", false, file, "added_tokens");
    a.rstrip = jf::get_or<bool>(t, "rstrip", false, file, "added_tokens");
    a.normalized = jf::get_or<bool>(t, "normalized", !a.special, file, "added_tokens");
    tokens.push_back(std::move(a));
  }
  return tokens;
}

// Splits the added tokens into those matched in raw text and those matched after normalization;
// the latter are searched for in their normalized form, as Hugging Face does.
void build_matchers(Tokenizer::Impl& impl, const std::vector<AddedToken>& added) {
  std::vector<AddedToken> raw, normalized;
  std::vector<std::string> raw_patterns, normalized_patterns;
  for (const AddedToken& a : added) {
    if (a.normalized && impl.normalizer) {
      normalized.push_back(a);
      normalized_patterns.push_back(impl.normalizer->normalize(a.content));
    } else {
      raw.push_back(a);
      raw_patterns.push_back(a.content);
    }
  }
  impl.raw_added = std::make_unique<AddedTokenMatcher>(std::move(raw), std::move(raw_patterns));
  impl.normalized_added =
      std::make_unique<AddedTokenMatcher>(std::move(normalized), std::move(normalized_patterns));
}

void build_id_table(Tokenizer::Impl& impl, const std::vector<AddedToken>& added) {
  size_t size = 0;
  for (const auto& [token, id] : impl.model->vocab()) size = std::max(size, size_t(id) + 1);
  for (const AddedToken& a : added) size = std::max(size, size_t(a.id) + 1);
  impl.tokens.assign(size, "");
  impl.special.assign(size, false);
  for (const auto& [token, id] : impl.model->vocab()) impl.tokens[id] = token;
  for (const AddedToken& a : added) {
    impl.tokens[a.id] = a.content;
    impl.special[a.id] = a.special;
    impl.added_ids[a.content] = a.id;
  }
}

const json& field_or_null(const json& doc, const char* key) {
  static const json null_json;
  return doc.contains(key) ? doc[key] : null_json;
}

}  // namespace

std::shared_ptr<const Tokenizer::Impl> load_tokenizer(const std::string& tokenizer_json,
                                                      const std::string& tokenizer_config_json) {
  const json doc = read_json_file(tokenizer_json);
  const std::string& file = tokenizer_json;
  if (!doc.is_object()) throw Error(file + ": expected a JSON object at the top level");
  const json& model = field_or_null(doc, "model");
  const std::string type = jf::get_or<std::string>(model, "type", "", file, "model");
  if (type != "BPE")
    throw Error(file + ": unsupported model type '" + type + "' (only BPE is supported)");

  auto impl = std::make_shared<Tokenizer::Impl>();
  impl->model = std::make_unique<BpeModel>(model, file);
  impl->normalizer = make_normalizer(field_or_null(doc, "normalizer"), file);
  impl->pre_tokenizer = make_pre_tokenizer(field_or_null(doc, "pre_tokenizer"), file);
  impl->decoder = make_decoder(field_or_null(doc, "decoder"), file);
  const std::vector<AddedToken> added = read_added_tokens(doc, file);
  build_matchers(*impl, added);
  build_id_table(*impl, added);

  const json config = tokenizer_config_json.empty() ? json() : read_json_file(tokenizer_config_json);
  const Tokenizer::Impl& view = *impl;
  impl->special_tokens = resolve_special_tokens(
      {config, tokenizer_config_json, doc, file,
       [&view](const std::string& token) { return lookup_token(view, token); }});
  return impl;
}

}  // namespace hycam
