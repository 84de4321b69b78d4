// The Porter stemmer as nltk's PorterStemmer() runs it by default (mode NLTK_EXTENSIONS), which is
// the stemmer rouge_score uses for use_stemmer=True.
//
// NLTK_EXTENSIONS differs from Porter's 1980 paper in a few places, all reproduced here: a table of
// irregular forms ("dying" -> "die", "skies" -> "sky", "news" -> "news", ...), words of one or two
// letters left alone, "ies"/"ied" on four-letter words -> "ie", "y" -> "i" only after a consonant
// that is not the first letter, "bli" -> "ble" in place of "abli" -> "able", "alli" handled first
// and re-run through step 2, and the extra step-2 rules "fulli" -> "ful" and "logi" -> "log".
// Not here: the ORIGINAL_ALGORITHM and MARTIN_EXTENSIONS modes, other languages.
#pragma once
#include <string>

namespace hycam::metrics {

// Stem of one word. ASCII letters are lowercased first, as nltk does; the irregular-forms table
// is looked up with the word as given (so "Sky" is stemmed by the rules, as in nltk). Non-ASCII
// bytes are kept and count as consonants (rouge's tokenizer never passes any).
std::string porter_stem(const std::string& word);

}  // namespace hycam::metrics
