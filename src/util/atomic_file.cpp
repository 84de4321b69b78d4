#include "util/atomic_file.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "util/error.h"

namespace hycam {

void write_file_atomic(const std::string& path, const std::string& content) {
  write_file_atomic(path, [&](std::ostream& out) { out << content; });
}

void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& writer) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  try {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(path + ": cannot open '" + tmp + "' for writing");
    writer(out);
    out.flush();
    if (!out) throw Error(path + ": write failed (disk full?)");
    out.close();
    std::filesystem::rename(tmp, path);
  } catch (const std::filesystem::filesystem_error& e) {
    std::remove(tmp.c_str());
    throw Error(path + ": cannot rename the temporary file into place: " + e.what());
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
}

}  // namespace hycam
