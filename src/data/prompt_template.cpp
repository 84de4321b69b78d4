#include "data/prompt_template.h"

#include "util/error.h"

namespace hycam::data {

Template parse_template(const std::string& name) {
  if (name == "alpaca") return Template::Alpaca;
  if (name == "plain") return Template::Plain;
  throw Error("--template '" + name + "' is not known (alpaca, plain)");
}

std::string format_prompt(const Example& e, Template t) {
  if (t == Template::Plain) return e.instruction + (e.input.empty() ? "" : "\n" + e.input) + "\n";
  if (e.input.empty())
    return "Below is an instruction that describes a task. Write a response that appropriately completes "
           "the request.\n\n### Instruction:\n" +
           e.instruction + "\n\n### Response:\n";
  return "Below is an instruction that describes a task, paired with an input that provides further context. "
         "Write a response that appropriately completes the request.\n\n### Instruction:\n" +
         e.instruction + "\n\n### Input:\n" + e.input + "\n\n### Response:\n";
}

}  // namespace hycam::data
