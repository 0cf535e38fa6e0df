// The four-letter words' answers of real ZooKeeper 3.8.0 servers (samples/4lw, reference
// §7.1-§7.2): classified, parsed into the values the views show, and cut or garbled answers
// rejected with an error that names the word and the line.
#include "wire/four_letter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sample_file.hpp"

namespace zs::wire {
namespace {

using test::read_sample;

std::string sample(const std::string& name) { return read_sample("4lw/" + name); }

// ---- classify ----------------------------------------------------------------------------

TEST(FourLetterClassify, EveryAnswerOfAServingServerIsAnAnswer) {
  for (std::string role : {"leader", "follower", "observer"}) {
    for (std::string word : {"conf", "cons", "dirs", "dump", "envi", "gtmk", "isro", "mntr",
                             "ruok", "srvr", "stat", "wchc", "wchp", "wchs"}) {
      const std::string reply = sample(word + "." + role + ".txt");
      EXPECT_EQ(classify_four_letter(word, reply).kind, FourLetterKind::Answer)
          << word << "." << role;
    }
  }
}

TEST(FourLetterClassify, DefaultWhitelistRefusesAllButSrvr) {
  // §7.1: the default whitelist is exactly [srvr].
  for (std::string word : {"conf", "cons", "dirs", "dump", "envi", "gtmk", "hash", "isro",
                           "mntr", "ruok", "stat", "wchc", "wchp", "wchs"}) {
    const FourLetterAnswer a = classify_four_letter(word, sample("default-wl." + word + ".txt"));
    EXPECT_EQ(a.kind, FourLetterKind::NotWhitelisted) << word;
    EXPECT_EQ(a.description, word + " is not executed because it is not in the whitelist.");
  }
  EXPECT_EQ(classify_four_letter("srvr", sample("default-wl.srvr.txt")).kind,
            FourLetterKind::Answer);
}

TEST(FourLetterClassify, LookingServerIsNotServingExceptRuokIsroEnviGtmk) {
  for (std::string word : {"conf", "cons", "dirs", "dump", "hash", "mntr", "srvr", "stat",
                           "wchc", "wchp", "wchs"}) {
    EXPECT_EQ(classify_four_letter(word, sample("not-serving." + word + ".txt")).kind,
              FourLetterKind::NotServing)
        << word;
  }
  for (std::string word : {"ruok", "isro", "envi", "gtmk"}) {
    EXPECT_EQ(classify_four_letter(word, sample("not-serving." + word + ".txt")).kind,
              FourLetterKind::Answer)
        << word;
  }
  EXPECT_EQ(parse_isro(sample("not-serving.isro.txt")).value(), IsroAnswer::NotServing);
  EXPECT_TRUE(parse_ruok(sample("not-serving.ruok.txt")).value());
}

TEST(FourLetterClassify, UnknownWordAndHashWithoutDigestAreEmpty) {
  EXPECT_EQ(classify_four_letter("abcd", sample("unknown.leader.txt")).kind,
            FourLetterKind::Empty);
  EXPECT_EQ(classify_four_letter("hash", sample("hash.leader.txt")).kind, FourLetterKind::Empty);
}

TEST(FourLetterClassify, ForeignServicesAreNamed) {
  FourLetterAnswer http = classify_four_letter(
      "srvr", "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(http.kind, FourLetterKind::NotZooKeeper);
  EXPECT_EQ(http.description, "an HTTP server (HTTP/1.1 400 Bad Request)");

  FourLetterAnswer ssh = classify_four_letter("mntr", "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
  EXPECT_EQ(ssh.kind, FourLetterKind::NotZooKeeper);
  EXPECT_EQ(ssh.description, "an SSH server (SSH-2.0-OpenSSH_9.2p1 Debian-2)");

  const std::string garbage("\x00\x01\x02\xff\xfe\x10garbage!", 14);
  FourLetterAnswer bin = classify_four_letter("srvr", garbage);
  EXPECT_EQ(bin.kind, FourLetterKind::NotZooKeeper);
  EXPECT_EQ(bin.description, "14 bytes that are not text");
}

TEST(FourLetterClassify, TextThatIsNotThisWordsAnswerIsNotZooKeeper) {
  // A mntr answer to srvr, or a refusal of another word, is not srvr's answer.
  EXPECT_EQ(classify_four_letter("srvr", sample("mntr.leader.txt")).kind,
            FourLetterKind::NotZooKeeper);
  FourLetterAnswer other =
      classify_four_letter("mntr", "ruok is not executed because it is not in the whitelist.\n");
  EXPECT_EQ(other.kind, FourLetterKind::NotZooKeeper);
  EXPECT_NE(other.description.find("ruok"), std::string::npos);
  EXPECT_EQ(classify_four_letter("srvr", "+OK redis\r\n").description,
            "text that is not ZooKeeper's answer to srvr (\"+OK redis\")");
}

TEST(FourLetterWhitelist, HintListsSrvrThenTheRefusedWords) {
  EXPECT_EQ(whitelist_hint({"dump", "conf", "mntr", "wchs", "cons"}),
            "4lw.commands.whitelist=srvr,mntr,conf,cons,wchs,dump");
  EXPECT_EQ(whitelist_hint({"envi", "mntr", "mntr"}), "4lw.commands.whitelist=srvr,mntr,envi");
  EXPECT_EQ(whitelist_hint({}), "");
  EXPECT_EQ(whitelist_hint({"../x", "MNTR"}), "");
}

// ---- srvr / stat -------------------------------------------------------------------------

TEST(FourLetterSrvr, FollowerAnswer) {
  auto a = parse_srvr(sample("srvr.follower.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->version, "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC");
  EXPECT_EQ(a->latency_min_ms, 1);
  EXPECT_DOUBLE_EQ(a->latency_avg_ms, 9.75);
  EXPECT_EQ(a->latency_max_ms, 26);
  EXPECT_EQ(a->received, 11);
  EXPECT_EQ(a->sent, 10);
  EXPECT_EQ(a->connections, 2);
  EXPECT_EQ(a->outstanding, 0);
  EXPECT_EQ(a->zxid, Zxid(0x100000005));
  EXPECT_EQ(a->zxid.epoch(), 1);
  EXPECT_EQ(a->mode, ServerMode::Follower);
  EXPECT_EQ(a->node_count, 8);
  EXPECT_FALSE(a->proposal_sizes.has_value());
  EXPECT_FALSE(a->has_clients);
}

TEST(FourLetterSrvr, LeaderHasProposalSizesMinusOneBeforeAny) {
  auto leader = parse_srvr(sample("srvr.leader.txt"));
  ASSERT_TRUE(leader.ok()) << leader.error().to_string();
  EXPECT_EQ(leader->mode, ServerMode::Leader);
  ASSERT_TRUE(leader->proposal_sizes.has_value());
  EXPECT_EQ(leader->proposal_sizes->last, 104);
  EXPECT_EQ(leader->proposal_sizes->min, 48);
  EXPECT_EQ(leader->proposal_sizes->max, 104);

  auto fresh = parse_srvr(sample("default-wl.srvr.txt"));
  ASSERT_TRUE(fresh.ok()) << fresh.error().to_string();
  EXPECT_EQ(fresh->zxid, Zxid(0x100000000));
  ASSERT_TRUE(fresh->proposal_sizes.has_value());
  EXPECT_EQ(fresh->proposal_sizes->last, -1);
  EXPECT_EQ(fresh->proposal_sizes->max, -1);
}

TEST(FourLetterSrvr, ObserverMode) {
  auto a = parse_srvr(sample("srvr.observer.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->mode, ServerMode::Observer);
  EXPECT_EQ(a->node_count, 5);
}

TEST(FourLetterSrvr, StatAddsClients) {
  auto a = parse_srvr(sample("stat.leader.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_TRUE(a->has_clients);
  ASSERT_EQ(a->clients.size(), 2u);
  EXPECT_EQ(a->clients[0].remote_address, "127.0.0.1:50374");
  EXPECT_EQ(a->clients[0].interest_ops, 1);
  EXPECT_EQ(a->clients[0].received, 2);
  EXPECT_EQ(a->clients[1].remote_address, "127.0.0.1:50378");
  EXPECT_EQ(a->clients[1].interest_ops, 0);
  EXPECT_EQ(a->mode, ServerMode::Leader);
  EXPECT_EQ(a->received, 6);
}

// A read-only server (samples/read-only, real 3.8.0): an extra line after the version, before
// stat's Clients: block. It was rejected as "expected Key: value" before.
TEST(FourLetterSrvr, ReadOnlyServerHasAReadOnlyLine) {
  auto a = parse_srvr(read_sample("read-only/srvr.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_TRUE(a->read_only_line);
  EXPECT_EQ(a->mode, ServerMode::ReadOnly);
  EXPECT_EQ(a->zxid, Zxid(0));
  EXPECT_EQ(a->node_count, 5);
  auto s = parse_srvr(read_sample("read-only/stat.txt"));
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  EXPECT_TRUE(s->read_only_line);
  EXPECT_TRUE(s->has_clients);
  EXPECT_EQ(s->clients.size(), 2u);
  EXPECT_EQ(s->mode, ServerMode::ReadOnly);
  EXPECT_EQ(parse_isro(read_sample("read-only/isro.txt")).value(), IsroAnswer::ReadOnly);
  auto m = parse_mntr(read_sample("read-only/mntr.txt"));
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  EXPECT_EQ(m->get("zk_server_state"), "read-only");
  // Anywhere else the line is not srvr's.
  std::string late = sample("srvr.follower.txt");
  late.insert(late.find("Zxid"), "READ-ONLY mode; serving only read-only clients\n");
  EXPECT_FALSE(parse_srvr(late).ok());
  EXPECT_FALSE(parse_srvr(sample("srvr.follower.txt"))->read_only_line);
}

TEST(FourLetterSrvr, EveryTruncationIsRejectedNamingALine) {
  const std::string full = sample("srvr.follower.txt");
  ASSERT_TRUE(parse_srvr(full).ok());
  // Without its last newline the answer is still whole; any shorter cut loses a value.
  ASSERT_TRUE(parse_srvr(full.substr(0, full.size() - 1)).ok());
  for (std::size_t n = 0; n + 1 < full.size(); ++n) {
    auto r = parse_srvr(full.substr(0, n));
    ASSERT_FALSE(r.ok()) << "cut at " << n;
    EXPECT_EQ(r.error().file, "srvr");
    EXPECT_GE(r.error().line, 1);
  }
  auto cut = parse_srvr(full.substr(0, full.find("Node count")));
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().to_string(),
            "srvr:8: the answer ends without a \"Node count:\" line (truncated?)");
}

TEST(FourLetterSrvr, GarbledValuesNameTheirLine) {
  std::string text = sample("srvr.follower.txt");
  std::string bad_zxid = text;
  bad_zxid.replace(bad_zxid.find("0x100000005"), 11, "0xZZ");
  EXPECT_EQ(parse_srvr(bad_zxid).error().to_string(), "srvr:7: Zxid: \"0xZZ\" is not a 0x zxid");
  std::string bad_mode = text;
  bad_mode.replace(bad_mode.find("follower"), 8, "boss");
  auto r = parse_srvr(bad_mode);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 8);
  EXPECT_NE(r.error().message.find("boss"), std::string::npos);
  std::string bad_latency = text;
  bad_latency.replace(bad_latency.find("1/9.75/26"), 9, "1/9.75");
  EXPECT_EQ(parse_srvr(bad_latency).error().line, 2);
}

// ---- mntr --------------------------------------------------------------------------------

TEST(FourLetterMntr, LeaderKeys) {
  auto a = parse_mntr(sample("mntr.leader.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->entries.size(), 539u);
  EXPECT_EQ(a->entries.front().first, "zk_version");
  EXPECT_EQ(a->server_state(), "leader");
  EXPECT_EQ(a->peer_state(), "leading - broadcast");
  EXPECT_EQ(a->znode_count(), 8);
  EXPECT_EQ(a->watch_count(), 1);
  EXPECT_EQ(a->ephemerals_count(), 1);
  EXPECT_EQ(a->num_alive_connections(), 2);
  EXPECT_EQ(a->outstanding_requests(), 0);
  EXPECT_DOUBLE_EQ(a->avg_latency_ms().value(), 5.0);
  EXPECT_EQ(a->min_latency_ms(), 4);
  EXPECT_EQ(a->max_latency_ms(), 6);
  EXPECT_EQ(a->global_sessions(), 2);
  EXPECT_EQ(a->quorum_size(), 3);
  EXPECT_EQ(a->learners(), 2);
  EXPECT_EQ(a->synced_followers(), 2);
  EXPECT_EQ(a->pending_syncs(), 0);
  EXPECT_EQ(a->proposal_count(), 5);
}

TEST(FourLetterMntr, FollowerHasNoLeaderKeys) {
  auto a = parse_mntr(sample("mntr.follower.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->server_state(), "follower");
  EXPECT_EQ(a->peer_state(), "following - broadcast");
  EXPECT_EQ(a->watch_count(), 3);
  EXPECT_DOUBLE_EQ(a->avg_latency_ms().value(), 9.75);
  EXPECT_FALSE(a->learners().has_value());
  EXPECT_FALSE(a->synced_followers().has_value());
  auto o = parse_mntr(sample("mntr.observer.txt"));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->server_state(), "observer");
  EXPECT_EQ(o->znode_count(), 5);
}

TEST(FourLetterMntr, GarbledLineIsNamed) {
  std::string text = sample("mntr.leader.txt");
  text.replace(text.find("zk_znode_count\t8"), 16, "zk_znode_count 8");
  EXPECT_EQ(parse_mntr(text).error().to_string(),
            "mntr:9: expected \"key<TAB>value\", got \"zk_znode_count 8\"");
  EXPECT_FALSE(parse_mntr("").ok());
  EXPECT_FALSE(parse_mntr("zk_version\t3.8.0\n").ok());  // cut before zk_server_state
}

// ---- conf --------------------------------------------------------------------------------

TEST(FourLetterConf, FollowerConfigAndMembership) {
  auto a = parse_conf(sample("conf.follower.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->client_port, 29801);
  EXPECT_EQ(a->data_dir, "/tmp/realzk-capture/main/node1/data/version-2");
  EXPECT_EQ(a->tick_time_ms, 2000);
  EXPECT_EQ(a->min_session_timeout_ms, 4000);
  EXPECT_EQ(a->max_session_timeout_ms, 40000);
  EXPECT_EQ(a->init_limit_ticks, 10);
  EXPECT_EQ(a->sync_limit_ticks, 5);
  EXPECT_EQ(a->server_id, 1);
  EXPECT_EQ(a->election_port, 30001);
  EXPECT_EQ(a->quorum_port, 29901);
  EXPECT_EQ(a->peer_type, LearnerType::Participant);
  ASSERT_EQ(a->membership.size(), 3u);
  EXPECT_EQ(a->membership[1].sid, 2);
  EXPECT_EQ(a->membership[1].host, "127.0.0.1");
  EXPECT_EQ(a->membership[1].quorum_port, 29902);
  EXPECT_EQ(a->membership[1].election_port, 30002);
  EXPECT_EQ(a->membership[1].role, LearnerType::Participant);
  EXPECT_EQ(a->membership[1].client_port, 0);
  EXPECT_EQ(a->config_version, 0);
}

TEST(FourLetterConf, ObserverIsPeerTypeOneAndAnObserverMember) {
  auto a = parse_conf(sample("conf.observer.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->server_id, 4);
  EXPECT_EQ(a->peer_type, LearnerType::Observer);
  ASSERT_EQ(a->membership.size(), 4u);
  EXPECT_EQ(a->membership[3].role, LearnerType::Observer);
}

TEST(FourLetterConf, MemberWithClientAddressIpv6AndMultiAddress) {
  auto a = parse_conf(
      "clientPort=2181\ntickTime=2000\nmembership: \n"
      "server.1=[::1]:2888:3888:participant;[::1]:2181\n"
      "server.2=10.0.0.2:2888:3888|10.1.0.2:2888:3888:observer;0.0.0.0:2182\n"
      "version=100000000");
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  ASSERT_EQ(a->membership.size(), 2u);
  EXPECT_EQ(a->membership[0].host, "::1");
  EXPECT_EQ(a->membership[0].quorum_port, 2888);
  EXPECT_EQ(a->membership[0].client_host, "::1");
  EXPECT_EQ(a->membership[0].client_port, 2181);
  EXPECT_EQ(a->membership[1].host, "10.0.0.2");
  EXPECT_EQ(a->membership[1].role, LearnerType::Observer);
  EXPECT_EQ(a->membership[1].client_port, 2182);
  EXPECT_EQ(a->config_version, 0x100000000);
}

TEST(FourLetterConf, TruncatedAndGarbledAreRejected) {
  const std::string full = sample("conf.leader.txt");
  auto cut = parse_conf(full.substr(0, full.find("server.3")));
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().to_string(),
            "conf:21: the membership ends without its version= line (truncated?)");
  std::string bad = full;
  bad.replace(bad.find("electionPort=30002"), 18, "electionPort=70000");
  EXPECT_EQ(parse_conf(bad).error().to_string(),
            "conf:16: electionPort=70000 is not a port in 0-65535");
  std::string bad_member = full;
  bad_member.replace(bad_member.find("server.2=127.0.0.1:29902"), 24, "server.2=127.0.0.1");
  auto m = parse_conf(bad_member);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().line, 21);
}

// ---- cons --------------------------------------------------------------------------------

TEST(FourLetterCons, FollowerConnectionsWithAndWithoutSession) {
  auto a = parse_cons(sample("cons.follower.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  ASSERT_EQ(a->size(), 2u);
  const ConsConnection& c = a.value()[0];
  EXPECT_EQ(c.remote_address, "127.0.0.1:47296");
  EXPECT_EQ(c.interest_ops, 1);
  EXPECT_EQ(c.received, 8);
  EXPECT_EQ(c.sent, 8);
  ASSERT_TRUE(c.session.has_value());
  EXPECT_EQ(c.session->session_id, 0x1000010f8770000);
  EXPECT_EQ(c.session->last_operation, "PING");
  EXPECT_EQ(c.session->established_ms, 1795447662416);
  EXPECT_EQ(c.session->timeout_ms, 10000);
  EXPECT_EQ(c.session->last_cxid, 6);
  EXPECT_EQ(c.session->last_zxid, Zxid(0x100000005));
  EXPECT_EQ(c.session->last_response_ms, 1116741);
  EXPECT_EQ(c.session->max_latency_ms, 26);
  EXPECT_EQ(a.value()[1].remote_address, "127.0.0.1:47344");
  EXPECT_FALSE(a.value()[1].session.has_value());
}

TEST(FourLetterCons, LeaderAndObserver) {
  auto l = parse_cons(sample("cons.leader.txt"));
  ASSERT_TRUE(l.ok()) << l.error().to_string();
  ASSERT_EQ(l->size(), 2u);
  EXPECT_EQ(l.value()[1].session->session_id, 0x2000010f8bb0000);
  auto o = parse_cons(sample("cons.observer.txt"));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->size(), 1u);
}

TEST(FourLetterCons, Ipv6HostNameAndMissingLcxid) {
  auto a = parse_cons(
      " localhost/[0:0:0:0:0:0:0:1]:40000[a](queued=1,recved=2,sent=3,sid=0x5,lop=NA,"
      "est=1,to=4000,lzxid=0xffffffffffffffff,lresp=0,llat=0,minlat=0,avglat=0,maxlat=0)\n\n");
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  ASSERT_EQ(a->size(), 1u);
  EXPECT_EQ(a.value()[0].remote_address, "[0:0:0:0:0:0:0:1]:40000");
  EXPECT_EQ(a.value()[0].interest_ops, 0xa);
  EXPECT_FALSE(a.value()[0].session->last_cxid.has_value());
  EXPECT_EQ(a.value()[0].session->last_zxid, Zxid(-1));
}

TEST(FourLetterCons, CutMidLineOrBeforeTheEmptyLineIsRejected) {
  const std::string full = sample("cons.follower.txt");
  auto mid = parse_cons(full.substr(0, 60));
  ASSERT_FALSE(mid.ok());
  EXPECT_EQ(mid.error().line, 1);
  auto no_end = parse_cons(full.substr(0, full.size() - 1));
  ASSERT_FALSE(no_end.ok());
  EXPECT_NE(no_end.error().message.find("truncated"), std::string::npos);
  EXPECT_EQ(parse_cons("").error().to_string(), "cons:1: empty answer");
  auto bad = parse_cons(" /1.2.3.4:5[1](queued=x,recved=1,sent=1)\n\n");
  EXPECT_EQ(bad.error().to_string(),
            "cons:1: queued=x is not a number in connection line \" /1.2.3.4:5[1](queued=x,"
            "recved=1,sent=1)\"");
}

// ---- wchs, dump, envi, ruok, isro --------------------------------------------------------

TEST(FourLetterWchs, Counts) {
  auto a = parse_wchs(sample("wchs.follower.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->connections, 1);
  EXPECT_EQ(a->paths, 2);
  EXPECT_EQ(a->total_watches, 2);
  EXPECT_EQ(parse_wchs(sample("wchs.observer.txt"))->total_watches, 0);
  EXPECT_EQ(parse_wchs("1 connections watching 2 paths\n").error().line, 1);
  EXPECT_EQ(parse_wchs("1 connections watching 2 paths\nTotal watches:\n").error().line, 2);
}

TEST(FourLetterDump, LeaderFormHasExpiryBuckets) {
  auto a = parse_dump(sample("dump.leader.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->form, DumpAnswer::Form::Leader);
  ASSERT_EQ(a->sessions.size(), 2u);
  EXPECT_EQ(a->sessions[0].session_id, 0x1000010f8770000);
  EXPECT_EQ(a->sessions[0].expires_at, "Mon Nov 23 15:27:55 UTC 2026");
  EXPECT_FALSE(a->sessions[0].timeout_ms.has_value());
  EXPECT_EQ(a->sessions[1].session_id, 0x2000010f8bb0000);
  ASSERT_EQ(a->ephemerals.size(), 1u);
  EXPECT_EQ(a->ephemerals[0].session_id, 0x1000010f8770000);
  EXPECT_EQ(a->ephemerals[0].paths, std::vector<std::string>{"/app/lock-0000000001"});
  ASSERT_EQ(a->connections.size(), 2u);
  EXPECT_EQ(a->connections[0].remote_address, "127.0.0.1:50450");
  EXPECT_EQ(a->connections[0].session_id, 0);
  EXPECT_EQ(a->connections[1].session_id, 0x2000010f8bb0000);
}

TEST(FourLetterDump, LearnerFormHasTimeouts) {
  auto a = parse_dump(sample("dump.follower.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->form, DumpAnswer::Form::Learner);
  ASSERT_EQ(a->sessions.size(), 2u);
  EXPECT_EQ(a->sessions[1].session_id, 0x2000010f8bb0000);
  EXPECT_EQ(a->sessions[1].timeout_ms, 10000);
  EXPECT_EQ(a->ephemerals.size(), 1u);
  auto o = parse_dump(sample("dump.observer.txt"));
  ASSERT_TRUE(o.ok()) << o.error().to_string();
  EXPECT_TRUE(o->sessions.empty());
  EXPECT_EQ(o->connections.size(), 1u);
}

TEST(FourLetterDump, TruncatedOrGarbledIsRejected) {
  const std::string full = sample("dump.leader.txt");
  auto cut = parse_dump(full.substr(0, full.find("ephemeral nodes")));
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.error().message.find("truncated"), std::string::npos);
  std::string bad = full;
  bad.replace(bad.find("\t0x2000010f8bb0000"), 18, "\tzz");
  EXPECT_EQ(parse_dump(bad).error().line, 7);
}

TEST(FourLetterEnvi, KeyValues) {
  auto a = parse_envi(sample("envi.leader.txt"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  ASSERT_GE(a->size(), 3u);
  EXPECT_EQ(a.value()[0].first, "zookeeper.version");
  EXPECT_EQ(a.value()[2].first, "java.version");
  EXPECT_EQ(a.value()[2].second, "17.0.15");
  EXPECT_FALSE(parse_envi("zookeeper.version=3.8.0\n").ok());
}

TEST(FourLetterRuokIsro, Answers) {
  EXPECT_TRUE(parse_ruok(sample("ruok.leader.txt")).value());
  EXPECT_FALSE(parse_ruok("imo").ok());
  EXPECT_EQ(parse_isro(sample("isro.leader.txt")).value(), IsroAnswer::ReadWrite);
  EXPECT_EQ(parse_isro("ro").value(), IsroAnswer::ReadOnly);
  EXPECT_FALSE(parse_isro("r").ok());
}

}  // namespace
}  // namespace zs::wire

namespace zs::wire {
namespace {

// Captured by hand from a standalone 3.8.0 server (samples/README.md): forms the ensemble
// samples do not show.
TEST(FourLetterStandalone, SrvrConfDumpOfAStandaloneServer) {
  auto srvr = parse_srvr(test::read_sample("standalone/srvr.txt"));
  ASSERT_TRUE(srvr.ok()) << srvr.error().to_string();
  EXPECT_EQ(srvr->mode, ServerMode::Standalone);
  EXPECT_EQ(srvr->zxid, Zxid(0));
  EXPECT_FALSE(srvr->proposal_sizes.has_value());
  auto conf = parse_conf(test::read_sample("standalone/conf.txt"));
  ASSERT_TRUE(conf.ok()) << conf.error().to_string();
  EXPECT_EQ(conf->server_id, 0);
  EXPECT_TRUE(conf->membership.empty());
  EXPECT_FALSE(conf->config_version.has_value());
  EXPECT_FALSE(conf->init_limit_ticks.has_value());
  EXPECT_EQ(conf->tick_time_ms, 2000);
  auto dump = parse_dump(test::read_sample("standalone/dump.txt"));
  ASSERT_TRUE(dump.ok()) << dump.error().to_string();
  EXPECT_EQ(dump->form, DumpAnswer::Form::Leader);
  EXPECT_TRUE(dump->sessions.empty());
  EXPECT_EQ(dump->connections.size(), 1u);
}

}  // namespace
}  // namespace zs::wire
