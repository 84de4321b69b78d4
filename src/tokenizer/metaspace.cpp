#include "tokenizer/metaspace.h"

#include "tokenizer/json_fields.h"
#include "tokenizer/utf8.h"
#include "util/error.h"

namespace hycam {

MetaspaceOptions parse_metaspace(const nlohmann::json& spec, const std::string& file) {
  namespace jf = json_fields;
  MetaspaceOptions o;
  o.replacement = jf::get<std::string>(spec, "replacement", file, "Metaspace");
  if (o.replacement.empty() || utf8::step(o.replacement, 0).len != o.replacement.size())
    throw Error(file + ": Metaspace: replacement must be one character, got '" + o.replacement +
                "'");
  const std::string scheme =
      jf::get_or<std::string>(spec, "prepend_scheme", "always", file, "Metaspace");
  if (scheme == "always")
    o.prepend = MetaspaceOptions::Prepend::Always;
  else if (scheme == "first")
    o.prepend = MetaspaceOptions::Prepend::First;
  else if (scheme == "never")
    o.prepend = MetaspaceOptions::Prepend::Never;
  else
    throw Error(file + ": Metaspace: unsupported prepend_scheme '" + scheme + "'");
  if (!jf::get_or<bool>(spec, "add_prefix_space", true, file, "Metaspace"))
    o.prepend = MetaspaceOptions::Prepend::Never;
  o.split = jf::get_or<bool>(spec, "split", true, file, "Metaspace");
  return o;
}

}  // namespace hycam
