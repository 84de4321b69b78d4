// hycam::Tokenizer: Hugging Face tokenizer.json (+ tokenizer_config.json) for Llama-family models,
// in C++. Covers BPE in both families:
//   - SentencePiece style with byte fallback (Llama-2, Mistral, stories260K): Prepend/Replace
//     normalizers or a Metaspace pre-tokenizer, "▁" for spaces, <0xNN> byte tokens;
//   - byte-level BPE with a regex pre-split (GPT-2, Qwen2/3, Llama-3, SmolLM): NFC normalizer,
//     Split and ByteLevel pre-tokenizers, ByteLevel decoder.
// Pipeline of encode: added tokens are cut out of the raw text; each stretch in between is
// normalized, pre-tokenized into words, and each word is BPE-encoded; BOS/EOS are added around.
// Not covered (refused at load with an error naming the file and the part): other models
// (WordPiece, Unigram, WordLevel), other normalizers/pre-tokenizers/decoders/post-processors,
// BPE dropout. Offsets, truncation, padding and pair encoding are not provided.
// A Tokenizer is cheap to copy (copies share the loaded tables) and safe to use from many threads.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hycam {

class Tokenizer {
 public:
  // tokenizer.json + (optional) tokenizer_config.json in a model folder.
  static Tokenizer from_dir(const std::string& model_dir);
  // tokenizer_config_json may be "" when there is none.
  static Tokenizer from_files(const std::string& tokenizer_json,
                              const std::string& tokenizer_config_json);

  // add_special=true: add BOS/EOS as tokenizer_config.json (add_bos_token/add_eos_token) or, when
  // it has no such flags, the TemplateProcessing post_processor says. Throws hycam::Error for text
  // that is not valid UTF-8.
  std::vector<int32_t> encode(const std::string& text, bool add_special = true) const;
  // Ids without a token are skipped, as Hugging Face does; skip_special drops special added tokens.
  // Invalid UTF-8 from byte tokens comes out as U+FFFD.
  std::string decode(const std::vector<int32_t>& ids, bool skip_special = false) const;

  int32_t bos_id() const;     // -1 when none
  int32_t eos_id() const;     // -1 when none
  int32_t pad_id() const;     // -1 when none
  size_t vocab_size() const;  // one more than the largest id, added tokens included
  int32_t token_to_id(const std::string& token) const;  // -1 when unknown
  std::string id_to_token(int32_t id) const;            // "" when the id has no token

  struct Impl;  // the loaded tables and pipeline (tokenizer_impl.h)

 private:
  explicit Tokenizer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace hycam
