// The BPE model of tokenizer.json ("model": {"type": "BPE"}): vocabulary, ranked merges and the
// merge loop for one pre-tokenized word, with SentencePiece-style byte fallback (<0xNN> tokens)
// and Llama-3's ignore_merges. Results are cached per word.
#pragma once
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace hycam {

class BpeModel {
 public:
  // Reads `model` (already checked to be type BPE); `file` names tokenizer.json in errors about
  // merges with unknown tokens, an unknown unk_token, dropout and malformed fields.
  BpeModel(const nlohmann::json& model, const std::string& file);

  // Appends the ids of one word. Characters outside the vocabulary become their <0xNN> byte tokens
  // (byte_fallback), else unk_token (runs fused when fuse_unk), else they are dropped, as in
  // Hugging Face tokenizers.
  void encode_word(const std::string& word, std::vector<int32_t>& out) const;

  const std::unordered_map<std::string, int32_t>& vocab() const { return vocab_; }

 private:
  struct Merge {
    int32_t rank, new_id;
  };
  struct Symbol {
    int32_t id;
    int prev, next;
    size_t len;  // bytes of the word it covers; 0 once merged into its left neighbour
  };

  void load_vocab(const nlohmann::json& model, const std::string& file);
  void load_merges(const nlohmann::json& merges, const std::string& file);
  std::vector<Symbol> initial_symbols(const std::string& word) const;
  void merge_all(std::vector<Symbol>& symbols) const;
  const Merge* find_merge(int32_t left, int32_t right) const;

  std::unordered_map<std::string, int32_t> vocab_;
  std::unordered_map<uint64_t, Merge> merges_;  // (left id << 32 | right id) -> merge
  std::vector<int32_t> byte_ids_;               // id of "<0xNN>" per byte, -1 when absent
  int32_t unk_id_ = -1;
  bool byte_fallback_ = false, fuse_unk_ = false, ignore_merges_ = false;
  std::string prefix_, suffix_;  // continuing_subword_prefix, end_of_word_suffix

  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

}  // namespace hycam
