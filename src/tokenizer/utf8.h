// UTF-8 helpers for the tokenizer: step through code points, validate, encode, and decode
// untrusted bytes (from byte tokens) the way Hugging Face does, with U+FFFD for invalid parts.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hycam::utf8 {

// One step of decoding at s[pos]: a code point and its byte length when valid; otherwise
// valid=false and len is the length of the maximal invalid subpart (>= 1) that one U+FFFD replaces.
struct Step {
  uint32_t cp;
  size_t len;
  bool valid;
};
Step step(const std::string& s, size_t pos);

// Byte offset of the first invalid sequence in s, or std::string::npos when s is valid UTF-8.
size_t find_invalid(const std::string& s);

// Appends the UTF-8 encoding of code point cp.
void append(std::string& out, uint32_t cp);

// Code points of a valid UTF-8 string.
std::vector<uint32_t> decode(const std::string& s);

// Bytes -> valid UTF-8, each maximal invalid subpart replaced by U+FFFD (as Rust's
// String::from_utf8_lossy, which the byte-level decoder of Hugging Face tokenizers uses).
std::string lossy(const std::string& bytes);

}  // namespace hycam::utf8
