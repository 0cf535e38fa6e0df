// What a packet carries, in ZooKeeper's own words (Request.op2String names and the path): a
// REQUEST "create /zk_test", a PROPOSAL's txn "setData /zk_test", "createSession 0x100…".
// The views show these instead of a packet's zxid where the zxid says nothing (a REQUEST has
// none: its zxid field is -1 on the wire).
#pragma once

#include <string>

#include "core/messages.hpp"
#include "data/txn.hpp"
#include "peer/payloads.hpp"
#include "view/op_name.hpp"

namespace zs::view {

// A txn: its type and path ("create /zk_test"), a session txn with its session id
// ("createSession 0x1000012ab0000"), a multi with its op count ("multi (3 ops)").
std::string txn_words(const Txn& txn);
// A client request as a learner forwards it to the leader: its op and path.
std::string request_words(const ClientRequest& request);
// The words for a quorum packet's payload (REQUEST, PROPOSAL, INFORM); "" for other packets
// or a payload the store no longer holds.
std::string packet_words(const PayloadStore& store, const QuorumPacket& packet);
// Whether a txn type is a session transaction (createSession, closeSession).
bool is_session_txn(std::int32_t type);

}  // namespace zs::view
