// hycam tokenize: text -> ids as one JSON array on stdout (BOS/EOS added as tokenizer_config.json
// says, unless --no-special), or with --decode ids -> text (special tokens skipped unless
// --keep-special). Only the model folder's tokenizer files are read, not its weights.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"
#include "util/json_lines.h"

namespace hycam::cli {
namespace {

struct TokenizeArgs {
  std::string model, text, text_file;
  bool decode = false, no_special = false, keep_special = false;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open --text-file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int32_t to_id(long long v, const std::string& what) {
  if (v < 0 || v > INT32_MAX) throw Error("--decode: id " + what + " is out of range");
  return static_cast<int32_t>(v);
}

// "[1, 2, 3]" (JSON) or "1,2,3" / "1 2 3".
std::vector<int32_t> parse_ids(const std::string& text) {
  std::vector<int32_t> ids;
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start != std::string::npos && text[start] == '[') {
    auto j = parse_json_text(text, "--decode ids");
    for (const auto& x : j) {
      if (!x.is_number_integer()) throw Error("--decode: expected a JSON array of integer ids, found " + x.dump());
      ids.push_back(to_id(x.get<long long>(), x.dump()));
    }
    return ids;
  }
  std::string item;
  std::istringstream in(text);
  while (in >> std::ws && std::getline(in, item, ',')) {
    std::istringstream words(item);
    for (std::string w; words >> w;) {
      size_t used = 0;
      long long v = 0;
      try {
        v = std::stoll(w, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != w.size()) throw Error("--decode: '" + w + "' is not an id (give a JSON array or a comma list)");
      ids.push_back(to_id(v, w));
    }
  }
  return ids;
}

void run_tokenize(const TokenizeArgs& a) {
  if (!std::filesystem::is_directory(a.model)) throw Error(a.model + ": model folder not found");
  auto tok = Tokenizer::from_dir(a.model);
  const std::string input = a.text_file.empty() ? a.text : read_file(a.text_file);
  if (a.decode) {
    std::cout << tok.decode(parse_ids(input), /*skip_special=*/!a.keep_special) << "\n";
  } else {
    std::cout << nlohmann::json(tok.encode(input, /*add_special=*/!a.no_special)).dump() << "\n";
  }
}

CommandRegistration reg(20, [](CLI::App& app) {
  auto args = std::make_shared<TokenizeArgs>();
  auto* cmd = app.add_subcommand("tokenize", "text -> token ids (a JSON array), or ids -> text with --decode");
  cmd->add_option("--model", args->model, "model folder with tokenizer.json (and tokenizer_config.json)")->required();
  auto* input = cmd->add_option_group("input");
  input->add_option("--text", args->text, "the text (with --decode: the ids)");
  input->add_option("--text-file", args->text_file, "read the text (or the ids) from this file, verbatim");
  input->require_option(1);
  cmd->add_flag("--decode", args->decode, "decode ids (a JSON array or a comma list) to text");
  cmd->add_flag("--no-special", args->no_special, "encode without BOS/EOS");
  cmd->add_flag("--keep-special", args->keep_special, "decode: print special tokens too");
  cmd->callback([args] { run_tokenize(*args); });
});

}  // namespace
}  // namespace hycam::cli
