// What `zooscope live` and `zooscope bench relay` share: a server's own `srvr`.
#pragma once

#include <cstdint>
#include <string>

#include "wire/four_letter.hpp"

namespace zs::cli {

// `srvr` of the server on 127.0.0.1:port (bounded by timeout_ms): its answer, or why there
// is none ("This ZooKeeper instance is not currently serving requests" as ZooKeeper writes
// it, "unreachable: ...", a parse error).
struct SrvrLine {
  bool ok = false;
  wire::SrvrAnswer answer;
  std::string why;
};
SrvrLine ask_srvr(std::uint16_t port, std::int32_t timeout_ms = 3000);

}  // namespace zs::cli
