#include "tokenizer/tokenizer.h"

#include <fstream>

#include "tokenizer/tokenizer_impl.h"
#include "tokenizer/utf8.h"
#include "util/error.h"

namespace hycam {
namespace {

// Normalizes, pre-tokenizes and BPE-encodes one stretch of text that holds no raw added token.
void encode_plain(const Tokenizer::Impl& impl, const std::string& text, bool at_start,
                  std::vector<int32_t>& out) {
  const std::string normalized = impl.normalizer ? impl.normalizer->normalize(text) : text;
  for (const Segment& seg : impl.normalized_added->split(normalized)) {
    if (seg.id >= 0) {
      out.push_back(seg.id);
      continue;
    }
    std::vector<Piece> pieces{{seg.text, at_start && seg.offset == 0}};
    if (impl.pre_tokenizer) impl.pre_tokenizer->split(pieces);
    for (const Piece& p : pieces) impl.model->encode_word(p.text, out);
  }
}

}  // namespace

int32_t lookup_token(const Tokenizer::Impl& impl, const std::string& token) {
  if (const auto it = impl.added_ids.find(token); it != impl.added_ids.end()) return it->second;
  const auto it = impl.model->vocab().find(token);
  return it == impl.model->vocab().end() ? -1 : it->second;
}

Tokenizer Tokenizer::from_dir(const std::string& model_dir) {
  const std::string config = model_dir + "/tokenizer_config.json";
  const bool has_config = std::ifstream(config).good();
  return from_files(model_dir + "/tokenizer.json", has_config ? config : "");
}

Tokenizer Tokenizer::from_files(const std::string& tokenizer_json,
                                const std::string& tokenizer_config_json) {
  return Tokenizer(load_tokenizer(tokenizer_json, tokenizer_config_json));
}

std::vector<int32_t> Tokenizer::encode(const std::string& text, bool add_special) const {
  if (const size_t bad = utf8::find_invalid(text); bad != std::string::npos)
    throw Error("Tokenizer::encode: text is not valid UTF-8 (byte " + std::to_string(bad) + ")");
  const SpecialTokens& st = impl_->special_tokens;
  std::vector<int32_t> ids;
  if (add_special) ids = st.prefix;
  for (const Segment& seg : impl_->raw_added->split(text)) {
    if (seg.id >= 0)
      ids.push_back(seg.id);
    else
      encode_plain(*impl_, seg.text, seg.offset == 0, ids);
  }
  if (add_special) ids.insert(ids.end(), st.suffix.begin(), st.suffix.end());
  return ids;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids, bool skip_special) const {
  std::vector<std::string> tokens;
  tokens.reserve(ids.size());
  for (int32_t id : ids) {
    if (id < 0 || size_t(id) >= impl_->tokens.size() || impl_->tokens[id].empty()) continue;
    if (skip_special && impl_->special[id]) continue;
    tokens.push_back(impl_->tokens[id]);
  }
  if (impl_->decoder) tokens = impl_->decoder->decode(std::move(tokens));
  std::string text;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && !impl_->decoder) text += ' ';
    text += tokens[i];
  }
  return text;
}

int32_t Tokenizer::bos_id() const { return impl_->special_tokens.bos; }
int32_t Tokenizer::eos_id() const { return impl_->special_tokens.eos; }
int32_t Tokenizer::pad_id() const { return impl_->special_tokens.pad; }
size_t Tokenizer::vocab_size() const { return impl_->tokens.size(); }
int32_t Tokenizer::token_to_id(const std::string& token) const {
  return lookup_token(*impl_, token);
}

std::string Tokenizer::id_to_token(int32_t id) const {
  return id >= 0 && size_t(id) < impl_->tokens.size() ? impl_->tokens[id] : "";
}

}  // namespace hycam
