// The pipeline steps on their own: split behaviours, normalizers, decoders, added-token flags.
#include <gtest/gtest.h>

#include "tokenizer/added_tokens.h"
#include "tokenizer/decoder.h"
#include "tokenizer/normalizer.h"
#include "tokenizer/pretokenizer.h"

namespace hycam {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

Strings pre_tokenize(const json& spec, const std::string& text) {
  std::vector<Piece> pieces{{text, true}};
  make_pre_tokenizer(spec, "test.json")->split(pieces);
  Strings out;
  for (const Piece& p : pieces) out.push_back(p.text);
  return out;
}

json split_on_dash(const std::string& behavior, bool invert = false) {
  return {{"type", "Split"},
          {"pattern", {{"String", "-"}}},
          {"behavior", behavior},
          {"invert", invert}};
}

// The examples of Hugging Face's SplitDelimiterBehavior documentation.
TEST(Split, EveryBehaviour) {
  const std::string text = "the-final--countdown";
  EXPECT_EQ(pre_tokenize(split_on_dash("Removed"), text), (Strings{"the", "final", "countdown"}));
  EXPECT_EQ(pre_tokenize(split_on_dash("Isolated"), text),
            (Strings{"the", "-", "final", "-", "-", "countdown"}));
  EXPECT_EQ(pre_tokenize(split_on_dash("MergedWithPrevious"), text),
            (Strings{"the-", "final-", "-", "countdown"}));
  EXPECT_EQ(pre_tokenize(split_on_dash("MergedWithNext"), text),
            (Strings{"the", "-final", "-", "-countdown"}));
  EXPECT_EQ(pre_tokenize(split_on_dash("Contiguous"), text),
            (Strings{"the", "-", "final", "--", "countdown"}));
  // invert: the pattern matches what to keep, the rest is the delimiter.
  EXPECT_EQ(pre_tokenize(split_on_dash("Removed", true), text), (Strings{"-", "-", "-"}));
}

TEST(Split, RegexInUnicodeMode) {
  const json spec = {
      {"type", "Split"}, {"pattern", {{"Regex", R"(\p{L}+|\p{N})"}}}, {"behavior", "Isolated"}};
  EXPECT_EQ(pre_tokenize(spec, "Grüße 42"), (Strings{"Grüße", " ", "4", "2"}));
}

TEST(ByteLevelPreTokenizer, PrefixSpaceAndGpt2Regex) {
  const json spec = {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"use_regex", true}};
  EXPECT_EQ(pre_tokenize(spec, "Hello world's"), (Strings{"\xC4\xA0Hello", "\xC4\xA0world", "'s"}));
  const json no_regex = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}};
  EXPECT_EQ(pre_tokenize(no_regex, "a b"), (Strings{"a\xC4\xA0"
                                                    "b"}));
}

TEST(MetaspacePreTokenizer, SplitsBeforeEachSpace) {
  const json spec = {{"type", "Metaspace"}, {"replacement", "_"}, {"prepend_scheme", "always"}};
  EXPECT_EQ(pre_tokenize(spec, "Hey   friend!"), (Strings{"_Hey", "_", "_", "_friend!"}));
  const json legacy = {
      {"type", "Metaspace"}, {"replacement", "_"}, {"add_prefix_space", false}, {"split", false}};
  EXPECT_EQ(pre_tokenize(legacy, "Hey friend"), (Strings{"Hey_friend"}));
}

TEST(Normalizers, SequencePrependReplace) {
  const json spec = {{"type", "Sequence"},
                     {"normalizers",
                      {{{"type", "Replace"}, {"pattern", {{"Regex", " +"}}}, {"content", "_"}},
                       {{"type", "Prepend"}, {"prepend", ">"}}}}};
  const auto n = make_normalizer(spec, "test.json");
  EXPECT_EQ(n->normalize("a  b c"), ">a_b_c");
  EXPECT_EQ(n->normalize(""), "");  // Prepend leaves empty text alone
  EXPECT_EQ(make_normalizer(json(), "test.json"), nullptr);
}

Strings decode(const json& spec, Strings tokens) {
  return make_decoder(spec, "test.json")->decode(std::move(tokens));
}

TEST(Decoders, ReplaceByteFallbackFuseStrip) {
  const json strip = {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 2}};
  EXPECT_EQ(decode(strip, {"  a   ", " b"}), (Strings{" a ", "b"}));
  EXPECT_EQ(decode({{"type", "Fuse"}}, {"a", "b", "c"}), (Strings{"abc"}));
  const json replace = {{"type", "Replace"}, {"pattern", {{"String", "_"}}}, {"content", " "}};
  EXPECT_EQ(decode(replace, {"_a_b"}), (Strings{" a b"}));
  // A valid run of byte tokens becomes its character; an invalid run one U+FFFD per byte, even
  // where a prefix of the run would be valid (as Hugging Face does).
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(decode({{"type", "ByteFallback"}}, {"x", "<0xC3>", "<0xA9>", "y", "<0xC3>"}),
            (Strings{"x", "\xC3\xA9", "y", fffd}));
  EXPECT_EQ(decode({{"type", "ByteFallback"}}, {"<0xC3>", "<0xA9>", "<0xC3>"}),
            (Strings{fffd, fffd, fffd}));
}

// tokens: "<mask>" (lstrip, rstrip), "hell" (single_word), "<x>" and "<xy>" (longest wins).
AddedTokenMatcher matcher() {
  std::vector<AddedToken> tokens(4);
  tokens[0].content = "<mask>", tokens[0].id = 10, tokens[0].lstrip = tokens[0].rstrip = true;
  tokens[1].content = "hell", tokens[1].id = 11, tokens[1].single_word = true;
  tokens[2].content = "<x>", tokens[2].id = 12;
  tokens[3].content = "<x>y", tokens[3].id = 13;
  Strings patterns;
  for (const AddedToken& t : tokens) patterns.push_back(t.content);
  return AddedTokenMatcher(tokens, patterns);
}

std::string show(const std::vector<Segment>& segs) {
  std::string out;
  for (const Segment& s : segs)
    out += s.id >= 0 ? "[" + std::to_string(s.id) + "]" : "(" + s.text + ")";
  return out;
}

TEST(AddedTokens, FlagsAndLongestMatch) {
  const AddedTokenMatcher m = matcher();
  EXPECT_EQ(show(m.split("a  <mask>\t b")), "(a)[10](b)");
  EXPECT_EQ(show(m.split("hell hello shell hell")), "[11]( hello shell )[11]");
  EXPECT_EQ(show(m.split("<x>y<x>z")), "[13][12](z)");
  EXPECT_EQ(show(m.split("")), "");
}

}  // namespace
}  // namespace hycam
