// Prompt templates. Alpaca is the one the official HyCAM code uses (Stanford Alpaca's, with and
// without input); Plain is the instruction (and input) followed by a newline.
#pragma once
#include <string>

#include "data/examples.h"

namespace hycam::data {

enum class Template { Alpaca, Plain };

Template parse_template(const std::string& name);  // "alpaca" | "plain"; errors list the names
// The text before the response.
std::string format_prompt(const Example& e, Template t);

}  // namespace hycam::data
