// Atomic writes: content goes to a temporary file beside the target, is flushed, then renamed over
// it, so a reader (or a crash) never sees a half-written file.
#pragma once
#include <functional>
#include <ostream>
#include <string>

namespace hycam {

// Writes `content` to `path` atomically; throws hycam::Error naming the path on failure.
void write_file_atomic(const std::string& path, const std::string& content);

// Lets `writer` stream into a temporary file, then renames it to `path`. If `writer` throws, the
// temporary file is removed and `path` is left as it was.
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& writer);

}  // namespace hycam
