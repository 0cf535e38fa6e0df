// The run's payload store: each kind of entry in its own store, references that say their
// kind, and a rewind (truncate to a mark) that gives the replay the same references again.
#include <gtest/gtest.h>

#include "peer/payloads.hpp"

namespace zs {
namespace {

Txn set_txn(const std::string& path, const std::string& data, std::int64_t counter) {
  return Txn{TxnHeader{1, 1, Zxid::make(1, counter), 0, opcode::kSetData}, SetDataTxn{path, data, 1}};
}

TEST(PayloadStore, EachKindKeepsItsOwnEntriesAndReferencesNameTheirKind) {
  PayloadStore s;
  const PayloadRef t = s.add(set_txn("/a", "x", 1));
  const PayloadRef q = s.add(ClientRequest{7, 3, SyncRequest{"/a"}, AuthInfo{}, 2});
  ClientResult res;
  res.path = "/created";
  const PayloadRef r = s.add(std::move(res));
  const PayloadRef l = s.add(SessionList{{5, 6}});
  EXPECT_NE(t, 0u);
  EXPECT_EQ(PayloadStore::kind(t), PayloadKind::Txn);
  EXPECT_EQ(PayloadStore::kind(q), PayloadKind::Request);
  EXPECT_EQ(PayloadStore::kind(r), PayloadKind::Result);
  EXPECT_EQ(PayloadStore::kind(l), PayloadKind::Sessions);
  EXPECT_EQ(PayloadStore::kind(0), PayloadKind::None);
  EXPECT_EQ(std::get<SetDataTxn>(s.txn(t).body).path, "/a");
  EXPECT_EQ(s.request(q).cxid, 3);
  EXPECT_EQ(s.result(r).path, "/created");
  EXPECT_EQ(s.sessions(l).ids, (std::vector<std::int64_t>{5, 6}));
  EXPECT_FALSE(s.contains(0));
  EXPECT_TRUE(s.contains(t));
  // A log line's text (a quota WARN): its own kind, and gone after a rewind past it.
  const PayloadStore::Mark before = s.mark();
  const PayloadRef text = s.add_text("Message:Quota exceeded: /q [current count=3, softCountLimit=2] Value:null");
  EXPECT_EQ(PayloadStore::kind(text), PayloadKind::Text);
  EXPECT_EQ(s.text(text), "Message:Quota exceeded: /q [current count=3, softCountLimit=2] Value:null");
  s.truncate(before);
  EXPECT_FALSE(s.contains(text));
}

TEST(PayloadStore, ARewindForgetsLaterEntriesAndTheReplayGetsTheSameReferences) {
  PayloadStore s;
  s.add(set_txn("/a", "1", 1));
  const PayloadStore::Mark mark = s.mark();
  std::vector<PayloadRef> first;
  for (int i = 0; i < 5000; ++i) first.push_back(s.add(set_txn("/n" + std::to_string(i), "v", i + 2)));
  first.push_back(s.add(ClientRequest{1, 1, SyncRequest{"/"}, AuthInfo{}, -1}));
  s.truncate(mark);
  EXPECT_FALSE(s.contains(first.front()));
  EXPECT_FALSE(s.contains(first.back()));
  std::vector<PayloadRef> again;
  for (int i = 0; i < 5000; ++i) again.push_back(s.add(set_txn("/m" + std::to_string(i), "w", i + 2)));
  again.push_back(s.add(ClientRequest{1, 1, SyncRequest{"/"}, AuthInfo{}, -1}));
  EXPECT_EQ(first, again);
  // The entries are the replay's, not the forgotten ones (chunks are reused, not stale).
  EXPECT_EQ(std::get<SetDataTxn>(s.txn(again[4999]).body).path, "/m4999");
}

// A rewind past many snapshots does not free them on the spot (that made a step back
// take milliseconds): they are retired, out of reach at once, and freed a few at a time.
TEST(PayloadStore, SnapshotsCutByARewindAreRetiredThenFreedAFewAtATime) {
  PayloadStore s;
  const PayloadStore::Mark mark = s.mark();
  std::vector<PayloadRef> snaps;
  for (int i = 0; i < 10; ++i) snaps.push_back(s.add(SnapshotData{}));
  ASSERT_TRUE(s.contains(snaps.back()));
  s.truncate(mark);
  for (PayloadRef r : snaps) EXPECT_FALSE(s.contains(r));
  EXPECT_EQ(s.release_retired(4), 6u);
  EXPECT_EQ(s.release_retired(4), 2u);
  EXPECT_EQ(s.release_retired(4), 0u);
  // The replay gets the same references for its own snapshots.
  EXPECT_EQ(s.add(SnapshotData{}), snaps.front());
}

TEST(PayloadStore, EntriesDoNotMoveAsTheStoreGrows) {
  PayloadStore s;
  const PayloadRef first = s.add(set_txn("/first", "data", 1));
  const Txn* before = &s.txn(first);
  for (int i = 0; i < 20000; ++i) s.add(set_txn("/n", "v", i + 2));
  EXPECT_EQ(before, &s.txn(first));
  EXPECT_EQ(std::get<SetDataTxn>(before->body).path, "/first");
}

}  // namespace
}  // namespace zs
