// Small tokenizer.json files written by the tests, whose ids can be worked out by hand.
#include <gtest/gtest.h>

#include "tokenizer/byte_level.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_test_util.h"

namespace hycam {
namespace {

using nlohmann::json;

// Byte-level BPE: the 256 byte symbols get ids 0..255 in byte order, then four merges:
//   h+e -> "he" 256, l+l -> "ll" 257, he+ll -> "hell" 258, Ġ+w -> "Ġw" 259; "<|end|>" is 260.
json byte_level_tokenizer(bool merges_as_strings) {
  json vocab = json::object();
  for (int b = 0; b < 256; ++b) vocab[byte_level::encode(std::string(1, char(b)))] = b;
  const std::vector<std::pair<std::string, std::string>> merges = {
      {"h", "e"}, {"l", "l"}, {"he", "ll"}, {"\xC4\xA0", "w"}};
  json merge_list = json::array();
  for (const auto& [a, b] : merges) {
    vocab[a + b] = int(vocab.size());
    merge_list.push_back(merges_as_strings ? json(a + " " + b) : json::array({a, b}));
  }
  json added = json::array({{{"id", 260},
                             {"content", "<|end|>"},
                             {"special", true},
                             {"normalized", false},
                             {"lstrip", false},
                             {"rstrip", false},
                             {"single_word", false}}});
  return {
      {"version", "1.0"},
      {"added_tokens", added},
      {"normalizer", {{"type", "NFC"}}},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}},
      {"post_processor", {{"type", "ByteLevel"}}},
      {"decoder", {{"type", "ByteLevel"}}},
      {"model",
       {{"type", "BPE"},
        {"vocab", vocab},
        {"merges", merge_list},
        {"dropout", nullptr},
        {"unk_token", nullptr},
        {"byte_fallback", false}}}};
}

TEST(HandMadeByteLevel, IdsWorkedOutByHand) {
  for (bool as_strings : {false, true}) {
    test::TempDir dir("hycam-bytelevel");
    const std::string file = dir.write("tokenizer.json", byte_level_tokenizer(as_strings).dump());
    const Tokenizer tok = Tokenizer::from_files(file, "");
    // "hello" -> h e l l o -> he ll o -> hell o;  " world" -> Ġ w o r l d -> Ġw o r l d.
    EXPECT_EQ(tok.encode("hello world"), (std::vector<int32_t>{258, 'o', 259, 'o', 'r', 'l', 'd'}));
    EXPECT_EQ(tok.encode("hi<|end|>"), (std::vector<int32_t>{'h', 'i', 260}));
    // 'é' is bytes C3 A9, one id per byte.
    EXPECT_EQ(tok.encode("\xC3\xA9"), (std::vector<int32_t>{0xC3, 0xA9}));
    EXPECT_EQ(tok.vocab_size(), 261u);
    EXPECT_EQ(tok.bos_id(), -1);
    EXPECT_EQ(tok.eos_id(), -1);
    EXPECT_EQ(tok.id_to_token(259), "\xC4\xA0w");
    EXPECT_EQ(tok.token_to_id("hell"), 258);
    EXPECT_EQ(tok.token_to_id("<|end|>"), 260);
    EXPECT_EQ(tok.token_to_id("nope"), -1);
  }
}

// ignore_merges (Llama-3): a word that is itself in the vocabulary is taken whole.
TEST(HandMadeByteLevel, IgnoreMerges) {
  json j = byte_level_tokenizer(false);
  j["model"]["vocab"]["hello"] = 261;
  test::TempDir dir("hycam-bytelevel");
  EXPECT_EQ(Tokenizer::from_files(dir.write("tokenizer.json", j.dump()), "").encode("hello"),
            (std::vector<int32_t>{258, 'o'}));
  j["model"]["ignore_merges"] = true;
  EXPECT_EQ(Tokenizer::from_files(dir.write("tokenizer.json", j.dump()), "").encode("hello"),
            (std::vector<int32_t>{261}));
}

TEST(HandMadeByteLevel, RoundTripsNonAsciiAndEmoji) {
  test::TempDir dir("hycam-bytelevel");
  const Tokenizer tok =
      Tokenizer::from_files(dir.write("tokenizer.json", byte_level_tokenizer(false).dump()), "");
  const std::vector<std::string> texts = {
      "hello world",
      "Grüße, café — naïve",
      "日本語のテキスト 中文",
      "emoji 😀 and a family 👨\u200d👩\u200d👧\u200d👦!",
      "  spaces \t tabs\r\nnew lines\n\n",
      "hell<|end|>o<|end|>",
  };
  for (const std::string& t : texts) EXPECT_EQ(tok.decode(tok.encode(t)), t);
  EXPECT_EQ(tok.decode(tok.encode("hi<|end|>"), /*skip_special=*/true), "hi");
  // NFC: 'e' + combining acute comes back as the single code point 'é'.
  EXPECT_EQ(tok.decode(tok.encode("e\xCC\x81")), "\xC3\xA9");
}

// SentencePiece style with a Metaspace pre-tokenizer (prepend_scheme "first") and byte fallback:
// <unk> 0, <s> 1, </s> 2, <0x00>..<0xFF> 3..258, then ▁ 259, a 260, b 261, ab 262, ▁ab 263, ▁a 264.
json metaspace_tokenizer() {
  json vocab = {{"<unk>", 0}, {"<s>", 1}, {"</s>", 2}};
  for (int b = 0; b < 256; ++b) {
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", b);
    vocab[name] = 3 + b;
  }
  for (const char* t : {"\xE2\x96\x81", "a", "b", "ab",
                        "\xE2\x96\x81"
                        "ab",
                        "\xE2\x96\x81"
                        "a"})
    vocab[t] = int(vocab.size());
  const json merges = {"a b", "\xE2\x96\x81 ab", "\xE2\x96\x81 a"};
  const json metaspace = {{"type", "Metaspace"},
                          {"replacement", "\xE2\x96\x81"},
                          {"prepend_scheme", "first"},
                          {"split", true}};
  json added = json::array();
  for (const char* t : {"<unk>", "<s>", "</s>"})
    added.push_back({{"id", vocab[t]}, {"content", t}, {"special", true}, {"normalized", false}});
  return {
      {"added_tokens", added},
      {"normalizer", nullptr},
      {"pre_tokenizer", metaspace},
      {"post_processor",
       {{"type", "TemplateProcessing"},
        {"single",
         {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}},
          {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
        {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}}}}}},
      {"decoder", {{"type", "Sequence"}, {"decoders", {{{"type", "ByteFallback"}}, metaspace}}}},
      {"model",
       {{"type", "BPE"},
        {"vocab", vocab},
        {"merges", merges},
        {"unk_token", "<unk>"},
        {"byte_fallback", true},
        {"fuse_unk", true}}}};
}

TEST(HandMadeMetaspace, IdsWorkedOutByHand) {
  test::TempDir dir("hycam-metaspace");
  const Tokenizer tok =
      Tokenizer::from_files(dir.write("tokenizer.json", metaspace_tokenizer().dump()), "");
  // No tokenizer_config.json: BOS comes from the TemplateProcessing post_processor.
  EXPECT_EQ(tok.bos_id(), 1);
  EXPECT_EQ(tok.eos_id(), -1);
  // "ab ab" -> "▁ab▁ab" -> pieces "▁ab", "▁ab"; each: a+b first (rank 0), then ▁+ab.
  EXPECT_EQ(tok.encode("ab ab"), (std::vector<int32_t>{1, 263, 263}));
  // 'c' is not in the vocabulary: byte fallback to <0x63> = 3 + 0x63.
  EXPECT_EQ(tok.encode("ac", false), (std::vector<int32_t>{264, 3 + 0x63}));
  // prepend_scheme "first": only the stretch at the start of the text gets "▁".
  EXPECT_EQ(tok.encode("ab<s>ab", false), (std::vector<int32_t>{263, 1, 262}));
  // The Metaspace decoder drops "▁" only in the first token, here <s>, as Hugging Face does.
  EXPECT_EQ(tok.decode(tok.encode("ab ab ac")), "<s> ab ab ac");
  EXPECT_EQ(tok.decode(tok.encode("ab ab ac"), /*skip_special=*/true), "ab ab ac");
}

}  // namespace
}  // namespace hycam
