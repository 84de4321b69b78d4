// The Unicode pieces: NFC, lossy UTF-8 decoding, GPT-2's byte map.
#include <gtest/gtest.h>

#include "tokenizer/byte_level.h"
#include "tokenizer/nfc.h"
#include "tokenizer/utf8.h"

namespace hycam {
namespace {

// Expected values from Python's unicodedata.normalize("NFC", ...).
TEST(Nfc, ComposesReordersAndRespectsExclusions) {
  EXPECT_EQ(nfc("plain ascii"), "plain ascii");
  EXPECT_EQ(nfc("e\u0301"), "\u00E9");        // e + acute
  EXPECT_EQ(nfc("e\u0302\u0323"), "\u1EC7");  // reordered (dot below first), then composed
  EXPECT_EQ(nfc("a\u0308\u0301\u0323"),
            "\u1EA1\u0308\u0301");                 // only the first mark after reordering joins
  EXPECT_EQ(nfc("\u1100\u1161\u11A8"), "\uAC01");  // Hangul L V T
  EXPECT_EQ(nfc("\u212B"), "\u00C5");              // ANGSTROM SIGN: singleton
  EXPECT_EQ(nfc("\u2126"), "\u03A9");              // OHM SIGN: singleton
  EXPECT_EQ(nfc("\u0958"), "\u0915\u093C");        // composition exclusion stays decomposed
  EXPECT_EQ(nfc("\u0344"), "\u0308\u0301");        // non-starter decomposition
  EXPECT_EQ(nfc("\u0301e"), "\u0301e");            // a leading mark has nothing to join
  EXPECT_EQ(nfc("A\u030A\u0301"), "\u01FA");       // two steps: A+ring, then +acute
  EXPECT_EQ(nfc("caf\u00E9 \U0001F600"), "caf\u00E9 \U0001F600");  // already NFC
}

TEST(Utf8, LossyReplacesMaximalInvalidSubparts) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(utf8::lossy("ok"), "ok");
  EXPECT_EQ(utf8::lossy("\xE2\x80\x99"), "\xE2\x80\x99");
  EXPECT_EQ(utf8::lossy("\xE2\x80"), r);              // truncated sequence: one replacement
  EXPECT_EQ(utf8::lossy("\x80\x80"), r + r);          // lone continuation bytes: one each
  EXPECT_EQ(utf8::lossy("\xED\xA0\x80"), r + r + r);  // surrogate: ED then two stray bytes
  EXPECT_EQ(utf8::lossy("\xF0\x9F\x98"), r);
  EXPECT_EQ(utf8::lossy("a\xFF"
                        "b"),
            "a" + r + "b");
  EXPECT_EQ(utf8::find_invalid("ab\xC3"), 2u);
  EXPECT_EQ(utf8::find_invalid("\xC3\xA9"), std::string::npos);
}

TEST(ByteLevel, MapsBytesToGpt2CodePoints) {
  EXPECT_EQ(byte_level::encode("a!~"), "a!~");
  EXPECT_EQ(byte_level::encode(" "), "\xC4\xA0");                 // U+0120 'Ġ'
  EXPECT_EQ(byte_level::encode("\n"), "\xC4\x8A");                // U+010A 'Ċ'
  EXPECT_EQ(byte_level::encode("\xC3\xA9"), "\xC3\x83\xC2\xA9");  // bytes C3 A9 map to themselves
  for (int b = 0; b < 256; ++b) {
    const std::string mapped = byte_level::encode(std::string(1, char(b)));
    EXPECT_EQ(byte_level::byte_of(utf8::decode(mapped).at(0)), b);
  }
  EXPECT_EQ(byte_level::byte_of(0x20), -1);  // ' ' itself is not a mapped code point
}

}  // namespace
}  // namespace hycam
