// The prompt templates, character for character (Alpaca's are Stanford Alpaca's and the official
// HyCAM code's), and parsing their names.
#include "data/prompt_template.h"

#include <gtest/gtest.h>

#include "data_test_util.h"

namespace hycam::data {
namespace {

TEST(PromptTemplate, AlpacaWithInput) {
  EXPECT_EQ(format_prompt({"Add the numbers.", "2 and 3", "5"}, Template::Alpaca),
            "Below is an instruction that describes a task, paired with an input that provides further context. "
            "Write a response that appropriately completes the request.\n\n"
            "### Instruction:\nAdd the numbers.\n\n### Input:\n2 and 3\n\n### Response:\n");
}

TEST(PromptTemplate, AlpacaWithoutInput) {
  EXPECT_EQ(format_prompt({"Name a color.", "", "Blue"}, Template::Alpaca),
            "Below is an instruction that describes a task. "
            "Write a response that appropriately completes the request.\n\n"
            "### Instruction:\nName a color.\n\n### Response:\n");
}

TEST(PromptTemplate, Plain) {
  EXPECT_EQ(format_prompt({"Add the numbers.", "2 and 3", "5"}, Template::Plain), "Add the numbers.\n2 and 3\n");
  EXPECT_EQ(format_prompt({"Name a color.", "", "Blue"}, Template::Plain), "Name a color.\n");
}

TEST(PromptTemplate, ParseNames) {
  EXPECT_EQ(parse_template("alpaca"), Template::Alpaca);
  EXPECT_EQ(parse_template("plain"), Template::Plain);
  const std::string msg = test::error_of([] { parse_template("chatml"); });
  EXPECT_TRUE(test::contains(msg, "'chatml'")) << msg;
  EXPECT_TRUE(test::contains(msg, "alpaca, plain")) << msg;
}

}  // namespace
}  // namespace hycam::data
