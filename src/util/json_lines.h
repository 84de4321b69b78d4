// JSON files and JSON-lines logs.
//
// JsonLinesWriter appends one JSON object per line to a file (metrics.jsonl) and flushes after
// each line, so a crash loses at most the line being written and `tail -f` shows progress.
// read_json_file / read_json_lines parse them back and report errors as "path:line:column: ...".
#pragma once
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace hycam {

class JsonLinesWriter {
 public:
  // Opens `path` for appending (created if missing; `truncate` starts it empty). Throws
  // hycam::Error naming the path when it cannot be opened (missing folder, no permission).
  explicit JsonLinesWriter(const std::string& path, bool truncate = false);

  // Writes `record` compactly on one line and flushes. Strings that are not valid UTF-8 get
  // U+FFFD instead of throwing. Throws hycam::Error when the write fails (disk full).
  void write(const nlohmann::json& record);

  const std::string& path() const { return path_; }
  size_t lines_written() const { return lines_; }

 private:
  std::string path_;
  std::ofstream out_;
  size_t lines_ = 0;
};

// Parses `text`; on invalid JSON throws hycam::Error "<name>:<line>:<column>: invalid JSON: ...".
// The position is nlohmann's: the last byte it read, i.e. the end of the offending token.
nlohmann::json parse_json_text(const std::string& text, const std::string& name);

// Reads and parses a whole JSON file. Throws hycam::Error "<path>: cannot open ..." when it is
// missing or unreadable, and "<path>:<line>:<column>: invalid JSON: ..." when it does not parse.
nlohmann::json read_json_file(const std::string& path);

// Reads a JSON-lines file: one value per non-empty line. A broken line throws hycam::Error
// "<path>:<line>:<column>: ...", except a broken last line without a final newline (a write cut
// short by a crash), which is skipped.
std::vector<nlohmann::json> read_json_lines(const std::string& path);

// 1-based line and column of the 0-based byte `offset` in `text` (column counts bytes).
std::pair<size_t, size_t> line_and_column(const std::string& text, size_t offset);

}  // namespace hycam
