#include "metrics/porter_stemmer.h"

#include <unordered_map>
#include <vector>

namespace hycam::metrics {
namespace {

// A condition on the stem left once a rule's suffix is removed.
using Condition = bool (*)(const std::string& stem);

// Replace `suffix` by `replacement` when `condition` (nullptr = always) holds for the stem.
struct Rule {
  const char* suffix;
  const char* replacement;
  Condition condition;
};

bool ends_with(const std::string& word, const std::string& suffix) {
  return word.size() >= suffix.size() &&
         word.compare(word.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string drop(const std::string& word, size_t count) {
  return word.substr(0, word.size() - count);
}

bool is_vowel_letter(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Porter's consonant: not a, e, i, o, u, and not a "y" that follows a consonant. The "y" rule makes
// the answer depend on the letters before, so it is worked out from the start of the word.
bool is_consonant(const std::string& word, size_t i) {
  bool consonant = false;
  for (size_t k = 0; k <= i; ++k) {
    if (is_vowel_letter(word[k])) {
      consonant = false;
    } else if (word[k] == 'y') {
      consonant = k == 0 || !consonant;
    } else {
      consonant = true;
    }
  }
  return consonant;
}

// m in [C](VC)^m[V]: the number of vowel-to-consonant transitions.
int measure(const std::string& stem) {
  int m = 0;
  bool previous_vowel = false;
  for (size_t i = 0; i < stem.size(); ++i) {
    const bool consonant = is_consonant(stem, i);
    if (consonant && previous_vowel) ++m;
    previous_vowel = !consonant;
  }
  return m;
}

bool contains_vowel(const std::string& stem) {
  for (size_t i = 0; i < stem.size(); ++i) {
    if (!is_consonant(stem, i)) return true;
  }
  return false;
}

// *d: ends with two equal consonants.
bool ends_double_consonant(const std::string& word) {
  const size_t n = word.size();
  return n >= 2 && word[n - 1] == word[n - 2] && is_consonant(word, n - 1);
}

// *o: ends consonant-vowel-consonant, the last not w, x or y. nltk also accepts a two-letter
// vowel-consonant stem, so that "used" -> "use" and "aged" -> "age" (the paper gives "us", "ag").
bool ends_cvc(const std::string& word) {
  const size_t n = word.size();
  if (n == 2) return !is_consonant(word, 0) && is_consonant(word, 1);
  const char last = n ? word[n - 1] : '\0';
  return n >= 3 && is_consonant(word, n - 3) && !is_consonant(word, n - 2) &&
         is_consonant(word, n - 1) && last != 'w' && last != 'x' && last != 'y';
}

bool positive_measure(const std::string& stem) { return measure(stem) > 0; }
bool measure_above_one(const std::string& stem) { return measure(stem) > 1; }

// The first rule whose suffix matches decides: its condition failing leaves the word unchanged,
// later rules are not tried (so "feed" is not read as "fe" + "ed").
std::string apply_rules(const std::string& word, const std::vector<Rule>& rules) {
  for (const Rule& rule : rules) {
    if (!ends_with(word, rule.suffix)) continue;
    const std::string stem = drop(word, std::char_traits<char>::length(rule.suffix));
    if (rule.condition && !rule.condition(stem)) return word;
    return stem + rule.replacement;
  }
  return word;
}

// Plurals: sses -> ss, ies -> i, ss -> ss, s -> "". nltk: a four-letter "-ies" word ends "-ie".
std::string step1a(const std::string& word) {
  if (word.size() == 4 && ends_with(word, "ies")) return drop(word, 3) + "ie";
  static const std::vector<Rule> rules = {
      {"sses", "ss", nullptr}, {"ies", "i", nullptr}, {"ss", "ss", nullptr}, {"s", "", nullptr}};
  return apply_rules(word, rules);
}

// Tidying after "ed"/"ing" is removed: restore the "e" of -ate, -ble, -ize, undouble a final
// consonant (not l, s, z), or add "e" to a short cvc stem ("fil" -> "file").
std::string step1b_tidy(const std::string& stem) {
  if (ends_with(stem, "at") || ends_with(stem, "bl") || ends_with(stem, "iz")) return stem + "e";
  if (ends_double_consonant(stem)) {
    const char last = stem.back();
    return last == 'l' || last == 's' || last == 'z' ? stem : drop(stem, 1);
  }
  if (measure(stem) == 1 && ends_cvc(stem)) return stem + "e";
  return stem;
}

// Past tenses and gerunds: (m>0) eed -> ee, (*v*) ed -> "", (*v*) ing -> "".
std::string step1b(const std::string& word) {
  if (ends_with(word, "ied")) return drop(word, 3) + (word.size() == 4 ? "ie" : "i");  // nltk
  if (ends_with(word, "eed")) {
    const std::string stem = drop(word, 3);
    return measure(stem) > 0 ? stem + "ee" : word;
  }
  for (const char* suffix : {"ed", "ing"}) {
    if (!ends_with(word, suffix)) continue;
    const std::string stem = drop(word, std::char_traits<char>::length(suffix));
    if (contains_vowel(stem)) return step1b_tidy(stem);
  }
  return word;
}

// y -> i after a consonant that is not the word's only letter (nltk: "enjoy" keeps its y, "spy"
// becomes "spi" to meet "spied").
bool consonant_before_y(const std::string& stem) {
  return stem.size() > 1 && is_consonant(stem, stem.size() - 1);
}
std::string step1c(const std::string& word) {
  static const std::vector<Rule> rules = {{"y", "i", consonant_before_y}};
  return apply_rules(word, rules);
}

// nltk keeps the "l" of "logi" with the stem, so short stems such as "geo" qualify.
bool positive_measure_with_l(const std::string& stem) { return measure(stem + "l") > 0; }

// Double suffixes to single ones, (m>0) each: "relational" -> "relate", "hopefulness" -> "hopeful".
std::string step2(const std::string& word) {
  if (ends_with(word, "alli") && positive_measure(drop(word, 4))) {
    return step2(drop(word, 4) + "al");  // nltk: alli -> al first, then step 2 once more
  }
  static const std::vector<Rule> rules = {
      {"ational", "ate", positive_measure}, {"tional", "tion", positive_measure},
      {"enci", "ence", positive_measure},   {"anci", "ance", positive_measure},
      {"izer", "ize", positive_measure},    {"bli", "ble", positive_measure},
      {"alli", "al", positive_measure},     {"entli", "ent", positive_measure},
      {"eli", "e", positive_measure},       {"ousli", "ous", positive_measure},
      {"ization", "ize", positive_measure}, {"ation", "ate", positive_measure},
      {"ator", "ate", positive_measure},    {"alism", "al", positive_measure},
      {"iveness", "ive", positive_measure}, {"fulness", "ful", positive_measure},
      {"ousness", "ous", positive_measure}, {"aliti", "al", positive_measure},
      {"iviti", "ive", positive_measure},   {"biliti", "ble", positive_measure},
      {"fulli", "ful", positive_measure},   {"logi", "log", positive_measure_with_l}};
  return apply_rules(word, rules);
}

// -ic-, -full, -ness and the like, (m>0): "triplicate" -> "triplic", "goodness" -> "good".
std::string step3(const std::string& word) {
  static const std::vector<Rule> rules = {
      {"icate", "ic", positive_measure}, {"ative", "", positive_measure},
      {"alize", "al", positive_measure}, {"iciti", "ic", positive_measure},
      {"ical", "ic", positive_measure},  {"ful", "", positive_measure},
      {"ness", "", positive_measure}};
  return apply_rules(word, rules);
}

bool ion_stem(const std::string& stem) {
  return measure(stem) > 1 && (stem.back() == 's' || stem.back() == 't');
}

// Remaining suffixes on long stems, (m>1): "allowance" -> "allow", "adoption" -> "adopt".
std::string step4(const std::string& word) {
  static const std::vector<Rule> rules = {
      {"al", "", measure_above_one},    {"ance", "", measure_above_one},
      {"ence", "", measure_above_one},  {"er", "", measure_above_one},
      {"ic", "", measure_above_one},    {"able", "", measure_above_one},
      {"ible", "", measure_above_one},  {"ant", "", measure_above_one},
      {"ement", "", measure_above_one}, {"ment", "", measure_above_one},
      {"ent", "", measure_above_one},   {"ion", "", ion_stem},
      {"ou", "", measure_above_one},    {"ism", "", measure_above_one},
      {"ate", "", measure_above_one},   {"iti", "", measure_above_one},
      {"ous", "", measure_above_one},   {"ive", "", measure_above_one},
      {"ize", "", measure_above_one}};
  return apply_rules(word, rules);
}

// Final e: (m>1) e -> "", (m=1 and not *o) e -> "". Both conditions are tried, unlike other steps.
std::string step5a(const std::string& word) {
  if (!ends_with(word, "e")) return word;
  const std::string stem = drop(word, 1);
  const int m = measure(stem);
  return m > 1 || (m == 1 && !ends_cvc(stem)) ? stem : word;
}

// (m>1 and *d and *L) -> single letter: "controll" -> "control"; m is taken with one "l" kept.
std::string step5b(const std::string& word) {
  return ends_with(word, "ll") && measure(drop(word, 1)) > 1 ? drop(word, 1) : word;
}

// nltk's irregular forms, each mapped to its stem; looked up before any rule.
const std::unordered_map<std::string, std::string>& irregular_forms() {
  static const std::unordered_map<std::string, std::string> forms = {
      {"sky", "sky"},        {"skies", "sky"},        {"dying", "die"},
      {"lying", "lie"},      {"tying", "tie"},        {"news", "news"},
      {"innings", "inning"}, {"inning", "inning"},    {"outings", "outing"},
      {"outing", "outing"},  {"cannings", "canning"}, {"canning", "canning"},
      {"howe", "howe"},      {"proceed", "proceed"},  {"exceed", "exceed"},
      {"succeed", "succeed"}};
  return forms;
}

}  // namespace

std::string porter_stem(const std::string& word) {
  std::string lower = word;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const auto& forms = irregular_forms();
  if (auto it = forms.find(word); it != forms.end()) return it->second;
  if (word.size() <= 2) return lower;
  std::string stem = step1a(lower);
  stem = step1b(stem);
  stem = step1c(stem);
  stem = step2(stem);
  stem = step3(stem);
  stem = step4(stem);
  stem = step5a(stem);
  return step5b(stem);
}

}  // namespace hycam::metrics
