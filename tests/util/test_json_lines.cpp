// JsonLinesWriter, read_json_file and read_json_lines: exact file contents and error positions.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/error.h"
#include "util/json_lines.h"

namespace hycam {
namespace {

// Passes when `text` contains `part`; prints both otherwise.
::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not contain '" << part << "'";
}

class JsonFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hycam_json_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string file(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  static std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  // The message of the hycam::Error that `f` throws.
  template <class F>
  static std::string error_of(F f) {
    try {
      f();
    } catch (const Error& e) {
      return e.what();
    }
    ADD_FAILURE() << "no hycam::Error thrown";
    return "";
  }

  std::filesystem::path dir_;
};

TEST_F(JsonFiles, WriterAppendsOneCompactLinePerRecord) {
  const std::string path = (dir_ / "metrics.jsonl").string();
  {
    JsonLinesWriter w(path);
    w.write({{"step", 1}, {"loss", 2.5}});
    w.write({{"step", 2}, {"loss", 2.25}, {"task", "gsm8k"}});
    EXPECT_EQ(w.lines_written(), 2u);
    // Flushed after each line: readable before the writer closes.
    EXPECT_EQ(slurp(path), "{\"loss\":2.5,\"step\":1}\n{\"loss\":2.25,\"step\":2,\"task\":\"gsm8k\"}\n");
  }
  JsonLinesWriter again(path);  // appends
  again.write({{"step", 3}});
  EXPECT_EQ(slurp(path),
            "{\"loss\":2.5,\"step\":1}\n{\"loss\":2.25,\"step\":2,\"task\":\"gsm8k\"}\n{\"step\":3}\n");
  JsonLinesWriter fresh(path, /*truncate=*/true);
  fresh.write(nlohmann::json::array({1, 2}));
  EXPECT_EQ(slurp(path), "[1,2]\n");
}

TEST_F(JsonFiles, WriterReplacesInvalidUtf8AndReportsMissingFolder) {
  const std::string path = (dir_ / "m.jsonl").string();
  JsonLinesWriter w(path);
  w.write({{"text", std::string("ok\xff")}});
  EXPECT_EQ(slurp(path), "{\"text\":\"ok\xEF\xBF\xBD\"}\n");
  const std::string bad = (dir_ / "no_such_dir" / "m.jsonl").string();
  EXPECT_TRUE(Contains(error_of([&] { JsonLinesWriter x(bad); }),
                       bad + ": cannot open for appending JSON lines"));
}

TEST_F(JsonFiles, ReadJsonFileParses) {
  const auto j = read_json_file(file("ok.json", "{\"hidden_size\": 896, \"layers\": [1, 2]}\n"));
  EXPECT_EQ(j["hidden_size"], 896);
  EXPECT_EQ(j["layers"].size(), 2u);
}

TEST_F(JsonFiles, ReadJsonFileNamesLineAndColumn) {
  // Trailing comma: the error is at the '}' on line 4, column 1.
  const std::string path = file("broken.json", "{\n  \"a\": 1,\n  \"b\": [1, 2],\n}\n");
  const std::string msg = error_of([&] { read_json_file(path); });
  EXPECT_TRUE(Contains(msg, path + ":4:1: invalid JSON: "));
  EXPECT_TRUE(Contains(msg, "unexpected '}'"));
  EXPECT_FALSE(Contains(msg, "json.exception"));

  // Missing comma: nlohmann reads the whole token "b" before failing, so the column is that of the
  // token's last byte, its closing quote: line 2, column 5.
  const std::string path2 = file("comma.json", "{\"a\": 1\n  \"b\": 2}");
  EXPECT_TRUE(Contains(error_of([&] { read_json_file(path2); }), path2 + ":2:5: invalid JSON: "));

  const std::string empty = file("empty.json", "");
  EXPECT_TRUE(Contains(error_of([&] { read_json_file(empty); }), empty + ":1:1: invalid JSON: "));
}

TEST_F(JsonFiles, ReadJsonFileMissing) {
  const std::string path = (dir_ / "absent.json").string();
  EXPECT_TRUE(Contains(error_of([&] { read_json_file(path); }), path + ": cannot open"));
}

TEST_F(JsonFiles, ReadJsonLinesSkipsBlankLinesAndACutLastLine) {
  const std::string path = file("m.jsonl", "{\"step\":1}\n\n{\"step\":2}\n{\"step\":3,\"lo");
  const auto records = read_json_lines(path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1]["step"], 2);
}

TEST_F(JsonFiles, ReadJsonLinesNamesTheBrokenLine) {
  const std::string path = file("m.jsonl", "{\"step\":1}\n{\"step\":}\n{\"step\":3}\n");
  EXPECT_TRUE(Contains(error_of([&] { read_json_lines(path); }), path + ":2:9: invalid JSON: "));
}

TEST(LineAndColumn, CountsFromOne) {
  using Pos = std::pair<size_t, size_t>;
  const std::string text = "ab\ncd\n\nef";
  EXPECT_EQ(line_and_column(text, 0), Pos(1, 1));
  EXPECT_EQ(line_and_column(text, 1), Pos(1, 2));
  EXPECT_EQ(line_and_column(text, 2), Pos(1, 3));  // the '\n'
  EXPECT_EQ(line_and_column(text, 3), Pos(2, 1));
  EXPECT_EQ(line_and_column(text, 7), Pos(4, 1));
  EXPECT_EQ(line_and_column(text, 99), Pos(4, 3));  // clamped to the end
}

}  // namespace
}  // namespace hycam
