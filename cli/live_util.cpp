#include "live_util.hpp"

#include <boost/asio/io_context.hpp>

#include <string_view>

#include "attach/probe.hpp"

namespace zs::cli {

SrvrLine ask_srvr(std::uint16_t port, std::int32_t timeout_ms) {
  boost::asio::io_context io;
  SrvrLine out;
  attach::FetchLimits limits;
  limits.timeout_ms = timeout_ms;
  attach::fetch_four_letter(io, "127.0.0.1", port, "srvr", limits, [&](attach::FetchResult r) {
    if (r.status != attach::FetchStatus::Ok) {
      out.why = std::string(attach::to_string(r.status)) + (r.error.empty() ? "" : ": " + r.error);
      return;
    }
    auto parsed = wire::parse_srvr(r.body);
    if (!parsed.ok()) {
      // A server in an election answers with ZooKeeper's own sentence: kept as it came.
      constexpr std::string_view kNotServing = "This ZooKeeper instance is not currently serving requests";
      out.why = r.body.rfind(kNotServing, 0) == 0 ? std::string(kNotServing) : parsed.error().message;
      return;
    }
    out.ok = true;
    out.answer = parsed.value();
  });
  io.run();
  return out;
}

}  // namespace zs::cli
