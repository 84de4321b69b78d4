// decode(encode(text)) gives the text back for every golden text, up to what the tokenizer itself
// changes: NFC for Qwen3, and the SentencePiece "▁" that Prepend puts after an added token.
#include <gtest/gtest.h>

#include "tokenizer/nfc.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_test_util.h"

namespace hycam {
namespace {

using test::read_golden;

TEST(RoundTrip, Qwen3AllTextsUpToNfc) {
  const Tokenizer tok = Tokenizer::from_dir(shared_path("tokenizers/qwen3"));
  const auto cases = read_golden(shared_path("tokenizers/qwen3/golden_ids.json"));
  size_t same = 0;
  for (const auto& c : cases) {
    const std::string back = tok.decode(tok.encode(c.text));
    EXPECT_EQ(back, nfc(c.text));
    same += back == nfc(c.text);
  }
  EXPECT_EQ(same, 421u);
}

TEST(RoundTrip, MistralLlamaAllTexts) {
  const Tokenizer tok = Tokenizer::from_dir(shared_path("tokenizers/mistral-llama"));
  const auto cases = read_golden(shared_path("tokenizers/mistral-llama/golden_ids.json"));
  size_t same = 0, with_special_text = 0;
  for (const auto& c : cases) {
    const std::string back = tok.decode(tok.encode(c.text), /*skip_special=*/true);
    if (c.text == "<s> not special </s>") {
      // The stretch after <s> is normalized on its own, so Prepend gives it a second "▁"; the
      // decoder's Strip removes only the very first space of the output.
      EXPECT_EQ(back, " not special ");
      EXPECT_EQ(tok.decode(tok.encode(c.text)), "<s><s>  not special </s>");
      ++with_special_text;
      continue;
    }
    EXPECT_EQ(back, c.text);
    same += back == c.text;
  }
  EXPECT_EQ(with_special_text, 1u);
  EXPECT_EQ(same, 420u);
}

TEST(RoundTrip, Stories260K) {
  const Tokenizer tok = Tokenizer::from_dir(shared_path("models/stories260K"));
  for (const auto& c : read_golden(shared_path("models/stories260K/golden/tokenizer_ids.json")))
    EXPECT_EQ(tok.decode(c.ids, /*skip_special=*/true), c.text);
  EXPECT_EQ(tok.decode(tok.encode("Once upon a time")), "<s> Once upon a time");
}

// Byte tokens that do not form valid UTF-8 decode to U+FFFD as Hugging Face does: per byte for
// SentencePiece byte fallback, per maximal invalid subpart for byte-level BPE. Byte-level bytes are
// gathered across tokens before conversion, so a character split over tokens comes back whole.
TEST(RoundTrip, InvalidBytesBecomeReplacementCharacters) {
  const std::string fffd = "\xEF\xBF\xBD";
  const Tokenizer sp = Tokenizer::from_dir(shared_path("tokenizers/mistral-llama"));
  const int32_t e2 = sp.token_to_id("<0xE2>"), x80 = sp.token_to_id("<0x80>"),
                x99 = sp.token_to_id("<0x99>");
  EXPECT_EQ(sp.decode({e2, x80}), fffd + fffd);
  EXPECT_EQ(sp.decode({e2, x80, x99}), "\xE2\x80\x99");

  const Tokenizer bl = Tokenizer::from_dir(shared_path("tokenizers/qwen3"));
  const int32_t b_e2 = bl.token_to_id("\xC3\xA2");  // byte 0xE2 is U+00E2 in GPT-2's map
  const int32_t b_80 = bl.token_to_id("\xC4\xA2");  // byte 0x80 is U+0122
  const int32_t b_99 = bl.token_to_id("\xC4\xBB");  // byte 0x99 is U+013B
  ASSERT_GE(b_e2, 0);
  ASSERT_GE(b_80, 0);
  ASSERT_GE(b_99, 0);
  EXPECT_EQ(bl.decode({b_e2, b_80}), fffd);
  EXPECT_EQ(bl.decode({b_e2, b_80, b_99}), "\xE2\x80\x99");
  EXPECT_EQ(bl.decode({b_80, bl.token_to_id("a")}), fffd + "a");
}

}  // namespace
}  // namespace hycam
