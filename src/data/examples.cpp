#include "data/examples.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "util/error.h"
#include "util/json_lines.h"

namespace hycam::data {
namespace {

using nlohmann::json;

// The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or npos. Checked before parsing so the
// error points at the byte, which nlohmann's message does not.
size_t invalid_utf8_offset(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      lo = c == 0xE0 ? 0xA0 : lo;  // overlong below U+0800
      hi = c == 0xED ? 0x9F : hi;  // surrogates U+D800..DFFF
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      lo = c == 0xF0 ? 0x90 : lo;  // overlong below U+10000
      hi = c == 0xF4 ? 0x8F : hi;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    const unsigned char c1 = s[i + 1];
    if (c1 < lo || c1 > hi) return i;
    for (size_t k = 2; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string::npos;
}

// Byte offset where element `index` of the top-level array of `text` (valid JSON) starts. Only
// used to put a line number on an error, so a scan that follows strings and nesting is enough.
size_t array_element_offset(const std::string& text, size_t index) {
  int depth = 0;
  bool in_string = false, escaped = false, expecting = false;
  size_t seen = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (depth == 1 && expecting && !space && c != ']') {
      if (seen++ == index) return i;
      expecting = false;
    }
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') expecting = ++depth == 1;
    if (c == ']' || c == '}') --depth;
    if (c == ',' && depth == 1) expecting = true;
  }
  return 0;
}

std::string string_field(const json& rec, const char* key, bool required, const std::string& where) {
  const auto it = rec.find(key);
  if (it == rec.end()) {
    if (required)
      throw Error(where + "missing \"" + key +
                  "\" (a record needs \"instruction\" and \"output\"; \"input\" is optional)");
    return "";
  }
  if (it->is_null() && !required) return "";
  if (!it->is_string()) throw Error(where + "\"" + key + "\" must be a string, got " + it->type_name());
  return it->get<std::string>();
}

// `where` is the "<path>:<line>: record <i>: " prefix of any error.
Example to_example(const json& rec, const std::string& where) {
  if (!rec.is_object()) throw Error(where + "not a JSON object but " + rec.type_name());
  return {string_field(rec, "instruction", true, where), string_field(rec, "input", false, where),
          string_field(rec, "output", true, where)};
}

std::string read_all(const std::string& path) {
  if (std::filesystem::is_directory(path)) throw Error(path + ": is a folder, expected a JSON or JSON-lines file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open data file (does it exist?)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string record_prefix(const std::string& path, size_t line, size_t index) {
  return path + ":" + std::to_string(line) + ": record " + std::to_string(index) + ": ";
}

std::vector<Example> load_array(const std::string& text, const std::string& path) {
  const json j = parse_json_text(text, path);  // an array: the text starts with '['
  std::vector<Example> out;
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    try {  // the line is looked up only on error: it costs a scan of the text
      out.push_back(to_example(j[i], ""));
    } catch (const Error& e) {
      const size_t line = line_and_column(text, array_element_offset(text, i)).first;
      throw Error(record_prefix(path, line, i) + e.what());
    }
  }
  return out;
}

// nlohmann's reason without its "[json.exception.parse_error.101] parse error at line 1, column
// 2: " prefix: our position replaces it.
std::string parse_error_reason(const std::string& what) {
  const size_t at = what.find("parse error");
  const size_t colon = at == std::string::npos ? at : what.find(": ", at);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

std::vector<Example> load_lines(const std::string& text, const std::string& path) {
  std::vector<Example> out;
  std::istringstream lines(text);
  size_t lineno = 0;
  for (std::string line; std::getline(lines, line);) {
    ++lineno;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j;
    try {
      j = json::parse(line);
    } catch (const json::parse_error& e) {
      // e.byte is the 1-based offset of the last byte read, the offending one.
      throw Error(path + ":" + std::to_string(lineno) + ":" + std::to_string(std::max<size_t>(e.byte, 1)) +
                  ": invalid JSON: " + parse_error_reason(e.what()) +
                  " (JSON lines need one whole record per line; a JSON file must be an array)");
    }
    out.push_back(to_example(j, record_prefix(path, lineno, out.size())));
  }
  return out;
}

}  // namespace

TaskSource parse_task_source(const std::string& arg) {
  const size_t eq = arg.find('=');
  if (eq == std::string::npos || arg.substr(0, eq).find('/') != std::string::npos) {
    if (arg.empty()) throw Error("--data '': expected NAME=PATH or PATH");
    return {std::filesystem::path(arg).stem().string(), arg};
  }
  if (eq == 0 || eq + 1 == arg.size()) throw Error("--data '" + arg + "': expected NAME=PATH or PATH");
  return {arg.substr(0, eq), arg.substr(eq + 1)};
}

std::vector<Example> load_examples(const std::string& path) {
  std::string text = read_all(path);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.replace(0, 3, 3, ' ');  // a BOM, as some editors write
  if (const size_t bad = invalid_utf8_offset(text); bad != std::string::npos) {
    const auto [line, col] = line_and_column(text, bad);
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    throw Error(path + ":" + std::to_string(line) + ":" + std::to_string(col) + ": not valid UTF-8 (byte " + byte +
                " at offset " + std::to_string(bad) + "); convert the file to UTF-8");
  }
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos)
    throw Error(path + ": empty data file (expected a JSON array of {instruction, input, output} or JSON lines)");
  std::vector<Example> out = text[first] == '[' ? load_array(text, path) : load_lines(text, path);
  if (out.empty()) throw Error(path + ": no records");
  return out;
}

}  // namespace hycam::data
