// Loading task files: the four real ones, JSON lines, task sources, and each kind of bad data with
// the place its message must name.
#include "data/examples.h"

#include <gtest/gtest.h>

#include "data_test_util.h"

namespace hycam::data {
namespace {

using test::contains;
using test::error_of;
using test::TempDir;

TEST(LoadExamples, RealFilesHaveTheirRecordCounts) {
  for (const auto& t : test::real_tasks()) {
    const auto examples = load_examples(shared_path(std::string("data/") + t.name + ".json"));
    EXPECT_EQ(examples.size(), t.examples) << t.name;
  }
  const auto dolly = load_examples(shared_path("data/dolly_2k.json"));
  EXPECT_EQ(dolly[0].instruction, "What city is WFSD Radio licensed to?");
  EXPECT_EQ(dolly[0].input, "");
  EXPECT_EQ(dolly[0].output, "WFSD Radio is licensed to Tallahassee, Florida, United States");
  // Counted with Python: 1006 of code_alpaca's records and all of icliniq's have an input.
  auto with_input = [](const std::vector<Example>& v) {
    return std::count_if(v.begin(), v.end(), [](const Example& e) { return !e.input.empty(); });
  };
  EXPECT_EQ(with_input(load_examples(shared_path("data/code_alpaca_2k.json"))), 1006);
  EXPECT_EQ(with_input(load_examples(shared_path("data/icliniq_1k.json"))), 1000);
}

TEST(LoadExamples, JsonLinesWithBlankLinesCrlfAndOptionalInput) {
  TempDir dir("hycam-data-jsonl");
  const auto path = dir.write("t.jsonl",
                              "{\"instruction\": \"a\", \"input\": \"x\", \"output\": \"b\"}\r\n"
                              "\n"
                              "{\"instruction\": \"c\", \"output\": \"d\", \"category\": \"ignored\"}\n"
                              "{\"instruction\": \"\", \"input\": null, \"output\": \"\"}");
  const auto ex = load_examples(path);
  ASSERT_EQ(ex.size(), 3u);
  EXPECT_EQ(ex[0].instruction, "a");
  EXPECT_EQ(ex[0].input, "x");
  EXPECT_EQ(ex[0].output, "b");
  EXPECT_EQ(ex[1].input, "");
  EXPECT_EQ(ex[1].output, "d");
  EXPECT_EQ(ex[2].instruction, "");
  EXPECT_EQ(ex[2].output, "");
}

TEST(LoadExamples, ArrayWithBomAndUnicode) {
  TempDir dir("hycam-data-bom");
  const auto path =
      dir.write("t.json", "\xEF\xBB\xBF[{\"instruction\": \"caf\xC3\xA9 \xF0\x9F\x98\x80\", \"output\": \"\\u00e9\"}]");
  const auto ex = load_examples(path);
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(ex[0].instruction, "caf\xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(ex[0].output, "\xC3\xA9");
}

TEST(ParseTaskSource, NameEqualsPathOrPathAlone) {
  auto s = parse_task_source("med=/data/icliniq_1k.json");
  EXPECT_EQ(s.name, "med");
  EXPECT_EQ(s.path, "/data/icliniq_1k.json");
  s = parse_task_source("../shared/data/dolly_2k.json");
  EXPECT_EQ(s.name, "dolly_2k");
  EXPECT_EQ(s.path, "../shared/data/dolly_2k.json");
  s = parse_task_source("runs/a=b/code.jsonl");  // the '=' is in a folder name
  EXPECT_EQ(s.name, "code");
  EXPECT_EQ(s.path, "runs/a=b/code.jsonl");
  for (const char* bad : {"", "=x.json", "name="})
    EXPECT_TRUE(contains(error_of([&] { parse_task_source(bad); }), "NAME=PATH")) << bad;
}

// A file with `content`, and the message loading it gives.
std::string load_error(const std::string& name, const std::string& content) {
  TempDir dir("hycam-data-bad");
  const auto path = dir.write(name, content);
  return error_of([&] { load_examples(path); });
}

struct BadCase {
  const char* what;
  const char* file;
  std::string content;
  std::vector<std::string> message_parts;
};

TEST(LoadExamples, BadDataNamesTheFileAndThePlace) {
  const std::string ok = R"({"instruction": "i", "output": "o"})";
  const std::vector<BadCase> cases = {
      {"invalid JSON",
       "bad.json",
       "[\n  " + ok + ",\n  {\"instruction\": \"c\" \"output\": \"d\"}\n]",
       {"bad.json:3:30: invalid JSON: syntax error while parsing object - unexpected string literal"}},
      {"unterminated array", "bad.json", "[\n  " + ok + ",\n", {"bad.json:3:1: invalid JSON"}},
      {"record not an object",
       "bad.json",
       "[\n  " + ok + ",\n  42\n]",
       {"bad.json:3: record 1: not a JSON object but number"}},
      {"missing output",
       "bad.json",
       "[" + ok + ",\n" + ok + ",\n{\"instruction\": \"x\"}]",
       {"bad.json:3: record 2: missing \"output\""}},
      {"missing instruction", "bad.json", "[{\"output\": \"x\"}]", {"bad.json:1: record 0: missing \"instruction\""}},
      // Quotes, brackets and braces inside strings must not throw off the record's line.
      {"line after tricky strings",
       "bad.json",
       "[\n{\"instruction\": \"[{\\\"\", \"output\": \"}]\\\\\"},\n\n{\"instruction\": \"x\", \"output\": 3}]",
       {"bad.json:4: record 1: \"output\" must be a string, got number"}},
      {"non-string input",
       "bad.json",
       "[{\"instruction\": \"x\", \"input\": [], \"output\": \"y\"}]",
       {"record 0: \"input\" must be a string, got array"}},
      {"null output",
       "bad.json",
       "[{\"instruction\": \"x\", \"output\": null}]",
       {"\"output\" must be a string, got null"}},
      {"empty file", "empty.json", "", {"empty.json: empty data file"}},
      {"blank file", "blank.jsonl", " \n\n", {"blank.jsonl: empty data file"}},
      {"empty array", "none.json", " [ ]\n", {"none.json: no records"}},
      {"invalid byte",
       "bytes.json",
       "[\n{\"instruction\": \"ab\xFF\", \"output\": \"o\"}]",
       {"bytes.json:2:20: not valid UTF-8 (byte 0xFF at offset 21)"}},
      {"overlong form",
       "bytes.json",
       "[{\"instruction\": \"\xC0\xAF\", \"output\": \"o\"}]",
       {"bytes.json:1:19: not valid UTF-8"}},
      {"surrogate",
       "bytes.json",
       "[{\"instruction\": \"\xED\xA0\x80\", \"output\": \"o\"}]",
       {"bytes.json:1:19: not valid UTF-8"}},
      {"cut sequence", "bytes.jsonl", ok + "\n\xE2\x82", {"bytes.jsonl:2:1: not valid UTF-8 (byte 0xE2"}},
      {"broken JSON line",
       "bad.jsonl",
       ok + "\n{\"instruction\": \"x\", output: 1}\n",
       {"bad.jsonl:2:22: invalid JSON"}},
      {"JSON line not an object",
       "bad.jsonl",
       ok + "\n\n[1, 2]\n",
       {"bad.jsonl:3: record 1: not a JSON object but array"}},
      {"JSON line missing output",
       "bad.jsonl",
       ok + "\n\n{\"instruction\": \"x\"}\n",
       {"bad.jsonl:3: record 1: missing \"output\""}},
      {"pretty-printed object",
       "obj.json",
       "{\n  \"instruction\": \"x\",\n  \"output\": \"y\"\n}\n",
       {"obj.json:1:", "a JSON file must be an array"}},
  };
  for (const auto& c : cases) {
    const std::string msg = load_error(c.file, c.content);
    for (const auto& part : c.message_parts) EXPECT_TRUE(contains(msg, part)) << c.what << ": " << msg;
  }
}

TEST(LoadExamples, MissingFileOrFolder) {
  EXPECT_TRUE(
      contains(error_of([] { load_examples("/nonexistent/task.json"); }), "/nonexistent/task.json: cannot open"));
  EXPECT_TRUE(
      contains(error_of([] { load_examples(std::filesystem::temp_directory_path().string()); }), "is a folder"));
}

}  // namespace
}  // namespace hycam::data
