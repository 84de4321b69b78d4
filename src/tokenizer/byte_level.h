// GPT-2's reversible byte <-> unicode map, used by byte-level BPE (GPT-2, Qwen2/3, Llama-3,
// SmolLM): every byte becomes a printable code point so that vocabularies hold only visible text.
// Bytes '!'..'~', 0xA1..0xAC and 0xAE..0xFF map to themselves; the other 68 bytes map to
// U+0100 upwards in byte order (so ' ' is U+0120 'Ġ' and '\n' is U+010A 'Ċ').
#pragma once
#include <cstdint>
#include <string>

namespace hycam::byte_level {

// Each byte of `bytes` replaced by the UTF-8 of its mapped code point.
std::string encode(const std::string& bytes);

// The byte a mapped code point stands for, or -1 when cp is not in the map.
int byte_of(uint32_t cp);

}  // namespace hycam::byte_level
