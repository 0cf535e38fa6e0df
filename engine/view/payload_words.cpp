// Packet payloads in words (payload_words.hpp).
#include "view/payload_words.hpp"

#include <fmt/format.h>

#include "core/overloaded.hpp"

namespace zs::view {

const char* op_name(std::int32_t op) {
  switch (op) {
    case opcode::kNotification: return "notification";
    case opcode::kCreate: return "create";
    case opcode::kDelete: return "delete";
    case opcode::kExists: return "exists";
    case opcode::kGetData: return "getData";
    case opcode::kSetData: return "setData";
    case opcode::kGetAcl: return "getACL";
    case opcode::kSetAcl: return "setACL";
    case opcode::kGetChildren: return "getChildren";
    case opcode::kSync: return "sync";
    case opcode::kPing: return "ping";
    case opcode::kGetChildren2: return "getChildren2";
    case opcode::kCheck: return "check";
    case opcode::kMulti: return "multi";
    case opcode::kCreate2: return "create2";
    case opcode::kReconfig: return "reconfig";
    case opcode::kCreateContainer: return "createContainer";
    case opcode::kDeleteContainer: return "deleteContainer";
    case opcode::kCreateTtl: return "createTTL";
    case opcode::kMultiRead: return "multiRead";
    case opcode::kCreateSession: return "createSession";
    case opcode::kCloseSession: return "closeSession";
    case opcode::kError: return "error";
    default: return "unknown";
  }
}

bool is_session_txn(std::int32_t type) { return type == opcode::kCreateSession || type == opcode::kCloseSession; }

std::string txn_words(const Txn& txn) {
  const char* name = op_name(txn.header.type);
  return std::visit(
      Overloaded{
          [&](const CreateSessionTxn&) { return fmt::format("{} 0x{}", name, hex(txn.header.client_id)); },
          [&](const CloseSessionTxn&) { return fmt::format("{} 0x{}", name, hex(txn.header.client_id)); },
          [&](const MultiTxn& m) { return fmt::format("{} ({} ops)", name, m.txns.size()); },
          [&](const ErrorTxn&) { return std::string(name); },
          [&](const auto& t) { return fmt::format("{} {}", name, t.path); },
      },
      txn.body);
}

std::string request_words(const ClientRequest& request) {
  return std::visit(
      Overloaded{
          [](const ConnectRequest&) { return std::string("connect"); },
          [](const WriteRequest& w) {
            return std::visit(
                Overloaded{
                    [](const CreateRequest& c) {
                      return fmt::format("{} {}", op_name(c.type != 0 ? c.type : create_opcode_for_flags(c.flags)), c.path);
                    },
                    [](const DeleteRequest& d) { return fmt::format("delete {}", d.path); },
                    [](const SetDataRequest& d) { return fmt::format("setData {}", d.path); },
                    [](const SetAclRequest& d) { return fmt::format("setACL {}", d.path); },
                    [](const CheckVersionRequest& d) { return fmt::format("check {}", d.path); },
                    [](const MultiRequest& m) { return fmt::format("multi ({} ops)", m.ops.size()); },
                    [](const CreateSessionRequest&) { return std::string("createSession"); },
                    [](const CloseSessionRequest&) { return std::string("closeSession"); },
                    [](const DeleteContainerRequest& d) { return fmt::format("deleteContainer {}", d.path); },
                    [](const ReconfigRequest&) { return std::string("reconfig"); },
                },
                w);
          },
          [](const ReadRequest& r) { return fmt::format("{} {}", op_name(r.op), r.path); },
          [](const SyncRequest& s) { return fmt::format("sync {}", s.path); },
          [](const AddWatchRequest& a) { return fmt::format("addWatch {}", a.path); },
          [](const RemoveWatchesRequest& r) { return fmt::format("removeWatches {}", r.path); },
          [](const SetWatchesRequest&) { return std::string("setWatches"); },
      },
      request.call);
}

std::string packet_words(const PayloadStore& store, const QuorumPacket& packet) {
  if (!store.contains(packet.payload)) return {};
  switch (PayloadStore::kind(packet.payload)) {
    case PayloadKind::Txn: return txn_words(store.txn(packet.payload));
    case PayloadKind::Request: return request_words(store.request(packet.payload));
    default: return {};
  }
}

}  // namespace zs::view
