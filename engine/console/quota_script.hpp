// zkCli's quota commands (cli/SetQuotaCommand, ListQuotaCommand, DelQuotaCommand of ZooKeeper
// 3.8.0) as the sequence of requests they send and what they print. Each command is a chain
// of blocking calls whose next request depends on the answers so far; the console replays
// the chain over the answers it has (reads and writes the server already answered are not
// sent again) and sends the first request without an answer, until the command ends.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "client/zkcli_format.hpp"
#include "client/zkcli_parse.hpp"
#include "data/client_protocol.hpp"

namespace zs::console {

using QuotaCommand = std::variant<client::SetQuotaCmd, client::ListQuotaCmd, client::DelQuotaCmd>;

// The server's answer to one request of the chain.
struct QuotaAnswer {
  Code err = Code::Ok;
  ClientResult result;
};

struct QuotaProgress {
  // The next request and the path a failure of it names; nullopt once the command ended.
  std::optional<ClientCall> next;
  std::string next_path;
  // Once ended: everything the command printed, and whether it ended with a CliException
  // (exit code 1).
  client::Printed printed;
  bool failed = false;
};

// `answers` holds the answers to the requests this function asked for before, in order.
QuotaProgress quota_step(const QuotaCommand& command, const std::vector<QuotaAnswer>& answers);

}  // namespace zs::console
