#include "tokenizer/decoder.h"

#include <utility>

#include "tokenizer/byte_level.h"
#include "tokenizer/json_fields.h"
#include "tokenizer/metaspace.h"
#include "tokenizer/normalizer.h"
#include "tokenizer/utf8.h"
#include "util/error.h"

namespace hycam {
namespace {

using nlohmann::json;
namespace jf = json_fields;
using Tokens = std::vector<std::string>;

class SequenceDecoder : public Decoder {
 public:
  explicit SequenceDecoder(std::vector<std::unique_ptr<Decoder>> steps)
      : steps_(std::move(steps)) {}
  Tokens decode(Tokens tokens) const override {
    for (const auto& step : steps_) tokens = step->decode(std::move(tokens));
    return tokens;
  }

 private:
  std::vector<std::unique_ptr<Decoder>> steps_;
};

class ReplaceDecoder : public Decoder {
 public:
  explicit ReplaceDecoder(Replacer replacer) : replacer_(std::move(replacer)) {}
  Tokens decode(Tokens tokens) const override {
    for (auto& t : tokens) t = replacer_.apply(t);
    return tokens;
  }

 private:
  Replacer replacer_;
};

// The byte value of a "<0xNN>" token, or -1.
int byte_token_value(const std::string& t) {
  if (t.size() != 6 || t.compare(0, 3, "<0x") != 0 || t[5] != '>') return -1;
  int value = 0;
  for (char c : t.substr(3, 2)) {
    const int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

// Runs of <0xNN> tokens become their bytes when those form valid UTF-8; otherwise each byte of the
// run becomes U+FFFD (Hugging Face replaces the whole run, not just the bad bytes).
class ByteFallbackDecoder : public Decoder {
 public:
  Tokens decode(Tokens tokens) const override {
    Tokens out;
    std::string bytes;
    auto flush = [&] {
      if (bytes.empty()) return;
      if (utf8::find_invalid(bytes) == std::string::npos) {
        out.push_back(bytes);
      } else {
        for (size_t i = 0; i < bytes.size(); ++i) out.emplace_back("\xEF\xBF\xBD");
      }
      bytes.clear();
    };
    for (auto& t : tokens) {
      const int b = byte_token_value(t);
      if (b >= 0) {
        bytes += static_cast<char>(b);
        continue;
      }
      flush();
      out.push_back(std::move(t));
    }
    flush();
    return out;
  }
};

class FuseDecoder : public Decoder {
 public:
  Tokens decode(Tokens tokens) const override {
    std::string all;
    for (const auto& t : tokens) all += t;
    return {all};
  }
};

// Removes up to `start` leading and `stop` trailing copies of one character from every token.
class StripDecoder : public Decoder {
 public:
  StripDecoder(const json& spec, const std::string& file)
      : content_(jf::get<std::string>(spec, "content", file, "Strip decoder")),
        start_(jf::get<int>(spec, "start", file, "Strip decoder")),
        stop_(jf::get<int>(spec, "stop", file, "Strip decoder")) {
    if (content_.empty() || utf8::step(content_, 0).len != content_.size())
      throw Error(file + ": Strip decoder: content must be one character, got '" + content_ + "'");
  }
  Tokens decode(Tokens tokens) const override {
    const size_t n = content_.size();
    for (auto& t : tokens) {
      size_t begin = 0, end = t.size();
      for (int i = 0; i < start_ && end - begin >= n && t.compare(begin, n, content_) == 0; ++i)
        begin += n;
      for (int i = 0; i < stop_ && end - begin >= n && t.compare(end - n, n, content_) == 0; ++i)
        end -= n;
      t = t.substr(begin, end - begin);
    }
    return tokens;
  }

 private:
  std::string content_;
  int start_, stop_;
};

// All tokens' GPT-2 code points back to bytes, then one lossy UTF-8 conversion over the whole
// byte string, so a character split across tokens comes back whole. A token holding a character
// outside the map (an added token such as "<think>\n") contributes its own bytes.
class ByteLevelDecoder : public Decoder {
 public:
  Tokens decode(Tokens tokens) const override {
    std::string bytes;
    for (const auto& t : tokens) bytes += token_bytes(t);
    return {utf8::lossy(bytes)};
  }

 private:
  static std::string token_bytes(const std::string& token) {
    std::string mapped;
    for (size_t pos = 0; pos < token.size();) {
      const utf8::Step st = utf8::step(token, pos);
      const int b = st.valid ? byte_level::byte_of(st.cp) : -1;
      if (b < 0) return token;
      mapped += static_cast<char>(b);
      pos += st.len;
    }
    return mapped;
  }
};

// Replacement characters back to spaces; in the first token they are dropped when the encoder
// prepends one (Hugging Face drops every one in that token, not only the leading one).
class MetaspaceDecoder : public Decoder {
 public:
  explicit MetaspaceDecoder(MetaspaceOptions options) : o_(std::move(options)) {}
  Tokens decode(Tokens tokens) const override {
    const std::string& rep = o_.replacement;
    for (size_t i = 0; i < tokens.size(); ++i) {
      const bool drop = i == 0 && o_.prepend != MetaspaceOptions::Prepend::Never;
      std::string out;
      for (size_t pos = 0; pos < tokens[i].size();) {
        if (tokens[i].compare(pos, rep.size(), rep) == 0) {
          if (!drop) out += ' ';
          pos += rep.size();
        } else {
          out += tokens[i][pos++];
        }
      }
      tokens[i] = std::move(out);
    }
    return tokens;
  }

 private:
  MetaspaceOptions o_;
};

}  // namespace

std::unique_ptr<Decoder> make_decoder(const json& spec, const std::string& file) {
  if (spec.is_null()) return nullptr;
  const std::string type = jf::type_of(spec, file, "decoder");
  if (type == "Sequence") {
    std::vector<std::unique_ptr<Decoder>> steps;
    for (const json& s : jf::child(spec, "decoders", "list", file, "Sequence decoder"))
      if (auto d = make_decoder(s, file)) steps.push_back(std::move(d));
    return std::make_unique<SequenceDecoder>(std::move(steps));
  }
  if (type == "Replace") return std::make_unique<ReplaceDecoder>(Replacer(spec, file));
  if (type == "ByteFallback") return std::make_unique<ByteFallbackDecoder>();
  if (type == "Fuse") return std::make_unique<FuseDecoder>();
  if (type == "Strip") return std::make_unique<StripDecoder>(spec, file);
  if (type == "ByteLevel") return std::make_unique<ByteLevelDecoder>();
  if (type == "Metaspace") return std::make_unique<MetaspaceDecoder>(parse_metaspace(spec, file));
  throw Error(file + ": unsupported decoder type '" + type +
              "' (supported: Sequence, Replace, ByteFallback, Fuse, Strip, ByteLevel, Metaspace)");
}

}  // namespace hycam
