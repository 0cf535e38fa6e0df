// Reads a captured real answer from tests/unit/wire/samples/ (copied from
// ../shared/reference/real-zookeeper-3.8/samples, see the README there).
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace zs::wire::test {

inline std::string read_sample(const std::string& relative) {
  const std::string path = std::string(ZS_SOURCE_DIR) + "/tests/unit/wire/samples/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing sample " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace zs::wire::test
