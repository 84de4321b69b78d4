#include "tokenizer/pretokenizer.h"

#include <utility>

#include "tokenizer/byte_level.h"
#include "tokenizer/json_fields.h"
#include "tokenizer/metaspace.h"
#include "tokenizer/regex.h"
#include "util/error.h"

namespace hycam {
namespace {

using nlohmann::json;
namespace jf = json_fields;
using Ranges = std::vector<std::pair<size_t, size_t>>;

// GPT-2's pre-tokenizer regex, used by ByteLevel when use_regex is true.
const char* const kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

enum class Behavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

Behavior parse_behavior(const std::string& name, const std::string& file) {
  if (name == "Removed") return Behavior::Removed;
  if (name == "Isolated") return Behavior::Isolated;
  if (name == "MergedWithPrevious") return Behavior::MergedWithPrevious;
  if (name == "MergedWithNext") return Behavior::MergedWithNext;
  if (name == "Contiguous") return Behavior::Contiguous;
  throw Error(file + ": Split: unsupported behavior '" + name + "'");
}

struct Segment {
  size_t start, end;
  bool is_match;
};

// The text cut at `matches` into alternating segments covering all of [0, size).
std::vector<Segment> segments(const Ranges& matches, size_t size, bool invert) {
  std::vector<Segment> segs;
  size_t prev = 0;
  for (const auto& [start, end] : matches) {
    if (prev < start) segs.push_back({prev, start, invert});
    segs.push_back({start, end, !invert});
    prev = end;
  }
  if (prev < size) segs.push_back({prev, size, invert});
  return segs;
}

// Hugging Face's SplitDelimiterBehavior: which segments stand alone and which join a neighbour.
Ranges apply_behavior(const std::vector<Segment>& segs, Behavior behavior) {
  Ranges out;
  bool prev_match = false;
  if (behavior == Behavior::MergedWithNext) {
    // A delimiter starts the piece after it: fold from the right.
    for (auto it = segs.rbegin(); it != segs.rend(); ++it) {
      if (it->is_match && !prev_match && !out.empty())
        out.back().first = it->start;
      else
        out.emplace_back(it->start, it->end);
      prev_match = it->is_match;
    }
    return Ranges(out.rbegin(), out.rend());
  }
  for (const Segment& s : segs) {
    if (behavior == Behavior::Removed && s.is_match) continue;
    const bool join = (behavior == Behavior::MergedWithPrevious && s.is_match && !prev_match) ||
                      (behavior == Behavior::Contiguous && s.is_match == prev_match);
    if (join && !out.empty())
      out.back().second = s.end;
    else
      out.emplace_back(s.start, s.end);
    prev_match = s.is_match;
  }
  return out;
}

void emit(const Piece& piece, const Ranges& ranges, std::vector<Piece>& out) {
  for (const auto& [start, end] : ranges)
    if (end > start)
      out.push_back({piece.text.substr(start, end - start), piece.at_start && start == 0});
}

Ranges find_literal(const std::string& text, const std::string& needle) {
  Ranges found;
  for (size_t pos = text.find(needle); pos != std::string::npos;
       pos = text.find(needle, pos + needle.size()))
    found.emplace_back(pos, pos + needle.size());
  return found;
}

class SequencePreTokenizer : public PreTokenizer {
 public:
  explicit SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> steps)
      : steps_(std::move(steps)) {}
  void split(std::vector<Piece>& pieces) const override {
    for (const auto& step : steps_) step->split(pieces);
  }

 private:
  std::vector<std::unique_ptr<PreTokenizer>> steps_;
};

class SplitPreTokenizer : public PreTokenizer {
 public:
  SplitPreTokenizer(const json& spec, const std::string& file)
      : regex_(pattern_of(spec, file), is_literal(spec), file + ": Split pre_tokenizer"),
        behavior_(parse_behavior(jf::get<std::string>(spec, "behavior", file, "Split"), file)),
        invert_(jf::get_or<bool>(spec, "invert", false, file, "Split")) {}

  void split(std::vector<Piece>& pieces) const override {
    std::vector<Piece> out;
    for (const Piece& p : pieces)
      emit(p, apply_behavior(segments(regex_.find_all(p.text), p.text.size(), invert_), behavior_),
           out);
    pieces = std::move(out);
  }

 private:
  static bool is_literal(const json& spec) {
    return spec.contains("pattern") && spec["pattern"].contains("String");
  }
  static std::string pattern_of(const json& spec, const std::string& file) {
    const json& pattern = jf::child(spec, "pattern", "object", file, "Split");
    if (pattern.contains("String"))
      return jf::get<std::string>(pattern, "String", file, "Split pattern");
    if (pattern.contains("Regex"))
      return jf::get<std::string>(pattern, "Regex", file, "Split pattern");
    throw Error(file + ": Split: pattern must be {\"String\": ...} or {\"Regex\": ...}");
  }

  Regex regex_;
  Behavior behavior_;
  bool invert_;
};

// Maps every byte to GPT-2's printable code points; optionally first adds a leading space to each
// piece and cuts it with the GPT-2 regex.
class ByteLevelPreTokenizer : public PreTokenizer {
 public:
  ByteLevelPreTokenizer(const json& spec, const std::string& file)
      : add_prefix_space_(jf::get_or<bool>(spec, "add_prefix_space", true, file, "ByteLevel")) {
    if (jf::get_or<bool>(spec, "use_regex", true, file, "ByteLevel"))
      regex_ = std::make_unique<Regex>(kGpt2Pattern, false, file + ": ByteLevel pre_tokenizer");
  }

  void split(std::vector<Piece>& pieces) const override {
    std::vector<Piece> out;
    for (Piece p : pieces) {
      if (add_prefix_space_ && p.text.rfind(' ', 0) != 0) p.text.insert(0, " ");
      if (regex_)
        emit(p,
             apply_behavior(segments(regex_->find_all(p.text), p.text.size(), false),
                            Behavior::Isolated),
             out);
      else if (!p.text.empty())
        out.push_back(std::move(p));
    }
    for (Piece& p : out) p.text = byte_level::encode(p.text);
    pieces = std::move(out);
  }

 private:
  bool add_prefix_space_;
  std::unique_ptr<Regex> regex_;
};

// SentencePiece spaces: ' ' becomes the replacement ("▁"), a piece may get one in front, and with
// split=true each replacement starts a new piece.
class MetaspacePreTokenizer : public PreTokenizer {
 public:
  explicit MetaspacePreTokenizer(MetaspaceOptions options) : o_(std::move(options)) {}

  void split(std::vector<Piece>& pieces) const override {
    std::vector<Piece> out;
    for (Piece p : pieces) {
      std::string text;
      for (char c : p.text) {
        if (c == ' ')
          text += o_.replacement;
        else
          text += c;
      }
      const bool prepend = o_.prepend == MetaspaceOptions::Prepend::Always ||
                           (o_.prepend == MetaspaceOptions::Prepend::First && p.at_start);
      if (prepend && text.rfind(o_.replacement, 0) != 0) text.insert(0, o_.replacement);
      p.text = std::move(text);
      if (o_.split) {
        const auto segs = segments(find_literal(p.text, o_.replacement), p.text.size(), false);
        emit(p, apply_behavior(segs, Behavior::MergedWithNext), out);
      } else if (!p.text.empty()) {
        out.push_back(std::move(p));
      }
    }
    pieces = std::move(out);
  }

 private:
  MetaspaceOptions o_;
};

}  // namespace

std::unique_ptr<PreTokenizer> make_pre_tokenizer(const json& spec, const std::string& file) {
  if (spec.is_null()) return nullptr;
  const std::string type = jf::type_of(spec, file, "pre_tokenizer");
  if (type == "Sequence") {
    std::vector<std::unique_ptr<PreTokenizer>> steps;
    for (const json& s : jf::child(spec, "pretokenizers", "list", file, "Sequence pre_tokenizer"))
      if (auto p = make_pre_tokenizer(s, file)) steps.push_back(std::move(p));
    return std::make_unique<SequencePreTokenizer>(std::move(steps));
  }
  if (type == "Split") return std::make_unique<SplitPreTokenizer>(spec, file);
  if (type == "ByteLevel") return std::make_unique<ByteLevelPreTokenizer>(spec, file);
  if (type == "Metaspace")
    return std::make_unique<MetaspacePreTokenizer>(parse_metaspace(spec, file));
  throw Error(file + ": unsupported pre_tokenizer type '" + type +
              "' (supported: Sequence, Split, ByteLevel, Metaspace)");
}

}  // namespace hycam
