// Typed reads of tokenizer.json / tokenizer_config.json fields whose failures name the file and
// the field, instead of nlohmann's bare "type must be string".
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "util/error.h"

namespace hycam::json_fields {

template <typename T>
T convert(const nlohmann::json& value, const char* key, const std::string& file,
          const std::string& what) {
  try {
    return value.get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(file + ": " + what + ": field '" + key + "' has the wrong type (" + e.what() + ")");
  }
}

// obj[key] as T; throws hycam::Error "<file>: <what>: field '<key>' ..." when absent or mistyped.
template <typename T>
T get(const nlohmann::json& obj, const char* key, const std::string& file,
      const std::string& what) {
  if (!obj.is_object() || !obj.contains(key))
    throw Error(file + ": " + what + ": field '" + key + "' is missing");
  return convert<T>(obj[key], key, file, what);
}

// obj[key] itself (no copy), which must be present; `kind` ("list", "object") is checked.
inline const nlohmann::json& child(const nlohmann::json& obj, const char* key, const char* kind,
                                   const std::string& file, const std::string& what) {
  if (!obj.is_object() || !obj.contains(key))
    throw Error(file + ": " + what + ": field '" + key + "' is missing");
  const nlohmann::json& v = obj[key];
  const bool ok = std::string(kind) == "list" ? v.is_array() : v.is_object();
  if (!ok) throw Error(file + ": " + what + ": field '" + key + "' must be a " + kind);
  return v;
}

// obj[key] as T, or `fallback` when the key is absent or null.
template <typename T>
T get_or(const nlohmann::json& obj, const char* key, const T& fallback, const std::string& file,
         const std::string& what) {
  if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) return fallback;
  return convert<T>(obj[key], key, file, what);
}

// The "type" string of a component (normalizer, pre_tokenizer, decoder, post_processor).
inline std::string type_of(const nlohmann::json& spec, const std::string& file,
                           const std::string& what) {
  if (!spec.is_object()) throw Error(file + ": " + what + " must be an object or null");
  return get<std::string>(spec, "type", file, what);
}

}  // namespace hycam::json_fields
