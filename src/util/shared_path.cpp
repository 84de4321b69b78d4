#include "util/shared_path.h"

#include <cstdlib>
#include <filesystem>

#include "util/error.h"

namespace hycam {

std::string shared_dir() {
  const char* env = std::getenv("HYCAM_SHARED");
  std::string dir = (env && *env) ? env : HYCAM_SHARED_DEFAULT;
  if (!std::filesystem::is_directory(dir))
    throw Error("shared folder not found at '" + dir +
                "': set HYCAM_SHARED to the folder holding models/, data/ and eval/");
  return dir;
}

std::string shared_path(const std::string& relative) { return shared_dir() + "/" + relative; }

}  // namespace hycam
