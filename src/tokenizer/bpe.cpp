#include "tokenizer/bpe.h"

#include <algorithm>
#include <cstdio>
#include <queue>

#include "tokenizer/json_fields.h"
#include "tokenizer/utf8.h"
#include "util/error.h"

namespace hycam {
namespace {

using nlohmann::json;
namespace jf = json_fields;

// Long words (a whole SentencePiece-style text is one word) would fill the cache with entries
// that never repeat; the caps bound its memory.
constexpr size_t kMaxCachedWordBytes = 256;
constexpr size_t kMaxCacheEntries = 200000;

uint64_t pair_key(int32_t left, int32_t right) {
  return (uint64_t(uint32_t(left)) << 32) | uint32_t(right);
}

// A merge candidate in the queue: lowest rank first, then leftmost, as Hugging Face orders them.
struct Candidate {
  int32_t rank;
  int pos;
  int32_t new_id;
  bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
};

}  // namespace

BpeModel::BpeModel(const json& model, const std::string& file) {
  const double dropout = jf::get_or<double>(model, "dropout", 0.0, file, "model");
  if (dropout > 0.0)
    throw Error(file + ": model.dropout = " + std::to_string(dropout) +
                " is not supported (BPE dropout is for training; set it to null)");
  load_vocab(model, file);
  load_merges(jf::child(model, "merges", "list", file, "model"), file);
  byte_fallback_ = jf::get_or<bool>(model, "byte_fallback", false, file, "model");
  fuse_unk_ = jf::get_or<bool>(model, "fuse_unk", false, file, "model");
  ignore_merges_ = jf::get_or<bool>(model, "ignore_merges", false, file, "model");
  prefix_ = jf::get_or<std::string>(model, "continuing_subword_prefix", "", file, "model");
  suffix_ = jf::get_or<std::string>(model, "end_of_word_suffix", "", file, "model");
  const std::string unk = jf::get_or<std::string>(model, "unk_token", "", file, "model");
  if (!unk.empty()) {
    const auto it = vocab_.find(unk);
    if (it == vocab_.end())
      throw Error(file + ": model.unk_token '" + unk + "' is not in model.vocab");
    unk_id_ = it->second;
  }
}

void BpeModel::load_vocab(const json& model, const std::string& file) {
  const json& vocab = jf::child(model, "vocab", "object", file, "model");
  vocab_.reserve(vocab.size());
  for (const auto& [token, id] : vocab.items()) {
    if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > INT32_MAX)
      throw Error(file + ": model.vocab['" + token + "'] is not a valid id");
    vocab_.emplace(token, id.get<int32_t>());
  }
  byte_ids_.assign(256, -1);
  for (int b = 0; b < 256; ++b) {
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", b);
    const auto it = vocab_.find(name);
    if (it != vocab_.end()) byte_ids_[b] = it->second;
  }
}

// Merges come as "left right" strings (older files) or [left, right] pairs (newer ones, which allow
// spaces inside tokens); a merge's rank is its index.
void BpeModel::load_merges(const json& merges, const std::string& file) {
  merges_.reserve(merges.size());
  for (size_t rank = 0; rank < merges.size(); ++rank) {
    const json& m = merges[rank];
    std::string left, right;
    if (m.is_string()) {
      const std::string s = m.get<std::string>();
      const size_t space = s.find(' ');
      if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos)
        throw Error(file + ": model.merges[" + std::to_string(rank) + "] = '" + s +
                    "' is not of the form 'left right'");
      left = s.substr(0, space);
      right = s.substr(space + 1);
    } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
      left = m[0].get<std::string>();
      right = m[1].get<std::string>();
    } else {
      throw Error(file + ": model.merges[" + std::to_string(rank) +
                  "] is neither 'a b' nor [a, b]");
    }
    const auto l = vocab_.find(left), r = vocab_.find(right), n = vocab_.find(left + right);
    if (l == vocab_.end() || r == vocab_.end() || n == vocab_.end())
      throw Error(file + ": model.merges[" + std::to_string(rank) + "] ('" + left + "', '" + right +
                  "') uses a token missing from model.vocab");
    merges_.emplace(pair_key(l->second, r->second), Merge{int32_t(rank), n->second});
  }
}

const BpeModel::Merge* BpeModel::find_merge(int32_t left, int32_t right) const {
  const auto it = merges_.find(pair_key(left, right));
  return it == merges_.end() ? nullptr : &it->second;
}

// One symbol per character (with the subword prefix/suffix where configured), before any merge.
std::vector<BpeModel::Symbol> BpeModel::initial_symbols(const std::string& word) const {
  std::vector<Symbol> syms;
  auto add = [&](int32_t id, size_t len) {
    syms.push_back({id, int(syms.size()) - 1, -1, len});
    if (syms.size() > 1) syms[syms.size() - 2].next = int(syms.size()) - 1;
  };
  int32_t pending_unk_len = 0;  // bytes of a run of unknown characters not yet added
  auto flush_unk = [&] {
    if (pending_unk_len) add(unk_id_, pending_unk_len);
    pending_unk_len = 0;
  };
  for (size_t pos = 0; pos < word.size();) {
    const size_t len = utf8::step(word, pos).len;
    std::string ch = word.substr(pos, len);
    if (pos > 0) ch = prefix_ + ch;
    if (pos + len == word.size()) ch += suffix_;
    pos += len;
    if (const auto it = vocab_.find(ch); it != vocab_.end()) {
      flush_unk();
      add(it->second, len);
      continue;
    }
    if (byte_fallback_ &&
        std::all_of(ch.begin(), ch.end(), [&](char b) { return byte_ids_[uint8_t(b)] >= 0; })) {
      flush_unk();
      for (char b : ch) add(byte_ids_[uint8_t(b)], 1);
      continue;
    }
    if (unk_id_ < 0) continue;  // no unk token: Hugging Face drops the character
    if (!fuse_unk_) flush_unk();
    pending_unk_len += int32_t(len);
  }
  flush_unk();
  return syms;
}

// Repeatedly applies the lowest-ranked merge present (leftmost on ties) until none applies.
// Queue entries go stale when a neighbour merges first; they are checked and skipped.
void BpeModel::merge_all(std::vector<Symbol>& syms) const {
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> queue;
  for (size_t i = 0; i + 1 < syms.size(); ++i)
    if (const Merge* m = find_merge(syms[i].id, syms[i + 1].id))
      queue.push({m->rank, int(i), m->new_id});
  while (!queue.empty()) {
    const Candidate top = queue.top();
    queue.pop();
    Symbol& s = syms[top.pos];
    if (s.len == 0 || s.next < 0) continue;
    const Merge* current = find_merge(s.id, syms[s.next].id);
    if (!current || current->new_id != top.new_id) continue;
    Symbol& right = syms[s.next];
    s.id = top.new_id;
    s.len += right.len;
    s.next = right.next;
    right.len = 0;
    if (s.next >= 0) syms[s.next].prev = top.pos;
    if (s.prev >= 0)
      if (const Merge* m = find_merge(syms[s.prev].id, s.id))
        queue.push({m->rank, s.prev, m->new_id});
    if (s.next >= 0)
      if (const Merge* m = find_merge(s.id, syms[s.next].id))
        queue.push({m->rank, top.pos, m->new_id});
  }
}

void BpeModel::encode_word(const std::string& word, std::vector<int32_t>& out) const {
  if (ignore_merges_) {
    if (const auto it = vocab_.find(word); it != vocab_.end()) {
      out.push_back(it->second);
      return;
    }
  }
  const bool cacheable = word.size() <= kMaxCachedWordBytes;
  if (cacheable) {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (const auto it = cache_.find(word); it != cache_.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
      return;
    }
  }
  std::vector<Symbol> syms = initial_symbols(word);
  merge_all(syms);
  std::vector<int32_t> ids;
  for (const Symbol& s : syms)
    if (s.len > 0) ids.push_back(s.id);
  out.insert(out.end(), ids.begin(), ids.end());
  if (cacheable) {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (cache_.size() < kMaxCacheEntries) cache_.emplace(word, std::move(ids));
  }
}

}  // namespace hycam
