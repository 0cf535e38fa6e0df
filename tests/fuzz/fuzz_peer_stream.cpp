// libFuzzer target for the server-to-server decoders (wire/peer_codec.hpp) a relay runs on
// every byte real servers send each other: the first byte picks the stream (an election
// connection's opener side, its other side, a quorum connection) and the chunk size the
// bytes arrive in; every record decoded is decoded further (notification, txn, LearnerInfo,
// a learner's PING and REQUEST). Properties: a decoded item re-encodes to the bytes it came
// from (election) or to bytes that decode the same (quorum records, dumps, txns); an error
// carries a message and sticks. Any crash or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <variant>

#include "wire/peer_codec.hpp"

namespace {

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_peer_stream: property broken: %s\n", what);
  __builtin_trap();
}

void check_record(const zs::wire::QuorumRecord& q) {
  const std::string bytes = zs::wire::encode_quorum_record(q);
  zs::wire::QuorumStream again;
  again.feed(bytes);
  auto back = again.next();
  require(back.ok() && back.value() && std::get<zs::wire::QuorumRecord>(*back.value()) == q,
          "a quorum record does not survive re-encoding");
  if (!q.data) return;
  if (auto t = zs::wire::decode_txn(*q.data); t.ok()) {
    auto twice = zs::wire::decode_txn(zs::wire::encode_txn(t.value()));
    require(twice.ok() && twice.value() == t.value(), "a txn does not survive re-encoding");
  } else {
    require(!t.error().message.empty(), "a rejected txn has no message");
  }
  (void)zs::wire::decode_learner_info(*q.data);
  (void)zs::wire::decode_int_data(*q.data);
  (void)zs::wire::decode_learner_ping(*q.data);
  (void)zs::wire::decode_forwarded_request(*q.data);
}

template <class Stream, class Check>
void run(Stream& s, std::string_view in, std::size_t chunk, Check check) {
  for (std::size_t at = 0; at < in.size(); at += chunk) {
    s.feed(in.substr(at, chunk));
    while (true) {
      auto next = s.next();
      if (!next.ok()) {
        require(!next.error().message.empty(), "a stream error has no message");
        require(!s.next().ok(), "a stream error does not stick");
        return;
      }
      if (!next.value()) break;
      check(s, *next.value());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int kind = data[0] % 3;
  const std::size_t chunk = 1 + (data[0] >> 2) % 61;
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (kind < 2) {
    zs::wire::ElectionStream s(kind == 0);
    run(s, in, chunk, [](zs::wire::ElectionStream& st, const zs::wire::ElectionStream::Item& item) {
      if (const auto* h = std::get_if<zs::wire::ElectionHello>(&item)) {
        require(zs::wire::encode_election_hello(*h) == st.last_bytes(), "a hello re-encodes differently");
      } else {
        const auto& n = std::get<zs::wire::ElectionNote>(item);
        require(n.size + 4 == st.last_bytes().size(), "a notification's size is not its frame's");
      }
    });
  } else {
    zs::wire::QuorumStream s(64 * 1024);
    run(s, in, chunk, [](zs::wire::QuorumStream&, const zs::wire::QuorumStream::Item& item) {
      if (const auto* q = std::get_if<zs::wire::QuorumRecord>(&item)) {
        check_record(*q);
      } else {
        const auto& d = std::get<zs::wire::SnapshotDump>(item);
        require(zs::wire::encode_snapshot_dump(d).size() == d.bytes, "a dump re-encodes to another size");
      }
    });
  }
  return 0;
}
