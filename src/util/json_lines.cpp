#include "util/json_lines.h"

#include <cerrno>
#include <cstring>
#include <sstream>

#include "util/error.h"

namespace hycam {
namespace {

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
// column 2: " prefix, which we replace with our own position.
std::string parse_error_reason(const std::string& what) {
  const size_t at = what.find("parse error");
  if (at == std::string::npos) return what;
  const size_t colon = what.find(": ", at);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open for reading: " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw Error(path + ": read failed");
  return ss.str();
}

// Throws "<name>:<line>:<column>: invalid JSON: <reason>" for a parse error in `text`, whose
// first line is line `first_line` of the file.
[[noreturn]] void throw_parse_error(const nlohmann::json::parse_error& e, const std::string& text,
                                    const std::string& name, size_t first_line) {
  // e.byte is the 1-based index of the last byte read, i.e. the offending one.
  const size_t offset = e.byte > 0 ? e.byte - 1 : 0;
  const auto [line, column] = line_and_column(text, offset);
  throw Error(name + ":" + std::to_string(first_line + line - 1) + ":" + std::to_string(column) +
              ": invalid JSON: " + parse_error_reason(e.what()));
}

}  // namespace

JsonLinesWriter::JsonLinesWriter(const std::string& path, bool truncate) : path_(path) {
  out_.open(path, std::ios::binary | (truncate ? std::ios::trunc : std::ios::app));
  if (!out_)
    throw Error(path + ": cannot open for appending JSON lines: " + std::strerror(errno) +
                " (does the folder exist?)");
}

void JsonLinesWriter::write(const nlohmann::json& record) {
  const std::string line =
      record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  out_.write(line.data(), static_cast<std::streamsize>(line.size()));
  out_.flush();
  if (!out_) throw Error(path_ + ": writing line " + std::to_string(lines_ + 1) + " failed (disk full?)");
  ++lines_;
}

std::pair<size_t, size_t> line_and_column(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, offset - line_start + 1};
}

nlohmann::json parse_json_text(const std::string& text, const std::string& name) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw_parse_error(e, text, name, 1);
  }
}

nlohmann::json read_json_file(const std::string& path) {
  return parse_json_text(read_whole_file(path), path);
}

std::vector<nlohmann::json> read_json_lines(const std::string& path) {
  const std::string text = read_whole_file(path);
  std::vector<nlohmann::json> records;
  size_t start = 0, line = 1;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    const bool complete = end != std::string::npos;
    if (!complete) end = text.size();
    const std::string body = text.substr(start, end - start);
    if (body.find_first_not_of(" \t\r") != std::string::npos) {
      try {
        records.push_back(nlohmann::json::parse(body));
      } catch (const nlohmann::json::parse_error& e) {
        if (complete) throw_parse_error(e, body, path, line);
      }
    }
    start = end + 1;
    ++line;
  }
  return records;
}

}  // namespace hycam
