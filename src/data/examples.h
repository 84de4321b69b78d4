// Multi-task training data: Alpaca-style records {instruction, input (optional), output}, one file
// per task, as a JSON array or as JSON lines (one object per line). This file reads and checks
// them; it does not split, format or tokenize (split.h, prompt_template.h, tokenize.h).
#pragma once
#include <string>
#include <vector>

namespace hycam::data {

struct Example {
  std::string instruction, input, output;  // input is "" when the record has none
};

struct TaskSource {
  std::string name, path;
};

// "NAME=PATH", or "PATH" alone (the name is then the file stem: data/dolly_2k.json -> dolly_2k).
// An '=' after a '/' belongs to the path. Throws hycam::Error for an empty name or path.
TaskSource parse_task_source(const std::string& arg);

// Loads every record of a JSON array or JSON-lines file. Throws hycam::Error naming the file and
// the place: "<path>:<line>:<column>: ..." for invalid JSON and for bytes that are not UTF-8,
// "<path>:<line>: record <i>: ..." (i counts from 0, as .[i] in jq) for a record that is not an
// object, lacks `instruction` or `output`, or has a field that is not a string (null `input` is
// taken as ""); and "<path>: ..." for a missing, empty or record-less file. Empty strings are
// allowed; other keys are ignored.
std::vector<Example> load_examples(const std::string& path);

}  // namespace hycam::data
