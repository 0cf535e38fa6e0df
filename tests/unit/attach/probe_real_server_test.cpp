// The fetchers and parsers against a running real ZooKeeper server, when one is named:
//   ZS_REAL_ZK=127.0.0.1:<clientPort>:<adminPort> zs_attach_tests --gtest_filter='ProbeRealServer*'
// Skipped otherwise (starting the server is the interop harness's job; docs/attach-probes.md
// says how it was run by hand). Every word is fetched and classified as an answer, a refusal
// or not-serving; each answer must parse; every AdminServer command must parse into a value or a state.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <functional>
#include <optional>
#include <string>

#include "attach/probe.hpp"
#include "wire/admin_json.hpp"
#include "wire/four_letter.hpp"

namespace zs::attach {
namespace {

struct RealServer {
  std::string host;
  std::uint16_t client_port = 0;
  std::uint16_t admin_port = 0;
};

std::optional<RealServer> real_server() {
  const char* env = std::getenv("ZS_REAL_ZK");
  if (env == nullptr) return std::nullopt;
  const std::string s(env);
  const std::size_t a = s.rfind(':');
  const std::size_t b = a == std::string::npos || a == 0 ? std::string::npos : s.rfind(':', a - 1);
  if (b == std::string::npos) return std::nullopt;
  return RealServer{s.substr(0, b),
                    static_cast<std::uint16_t>(std::stoi(s.substr(b + 1, a - b - 1))),
                    static_cast<std::uint16_t>(std::stoi(s.substr(a + 1)))};
}

FetchResult fetch(const std::function<void(boost::asio::io_context&, FetchCallback)>& start) {
  boost::asio::io_context io;
  FetchResult out;
  start(io, [&](FetchResult r) { out = std::move(r); });
  io.run_for(std::chrono::seconds(5));
  return out;
}

// Parses `reply` with the word's parser; an error's text, or "" when it parsed.
std::string parse_error(const std::string& word, const std::string& reply) {
  auto text = [](const auto& r) { return r.ok() ? std::string() : r.error().to_string(); };
  if (word == "srvr" || word == "stat") return text(wire::parse_srvr(reply));
  if (word == "mntr") return text(wire::parse_mntr(reply));
  if (word == "conf") return text(wire::parse_conf(reply));
  if (word == "cons") return text(wire::parse_cons(reply));
  if (word == "wchs") return text(wire::parse_wchs(reply));
  if (word == "dump") return text(wire::parse_dump(reply));
  if (word == "envi") return text(wire::parse_envi(reply));
  if (word == "ruok") return text(wire::parse_ruok(reply));
  if (word == "isro") return text(wire::parse_isro(reply));
  return "no parser for " + word;
}

TEST(ProbeRealServer, EveryWordIsAnAnswerOrARefusalAndAnswersParse) {
  auto server = real_server();
  if (!server) GTEST_SKIP() << "ZS_REAL_ZK=host:clientPort:adminPort is not set";
  for (std::string word :
       {"srvr", "stat", "mntr", "conf", "cons", "wchs", "dump", "envi", "ruok", "isro"}) {
    FetchResult r = fetch([&](boost::asio::io_context& io, FetchCallback cb) {
      fetch_four_letter(io, server->host, server->client_port, word, {}, std::move(cb));
    });
    ASSERT_EQ(r.status, FetchStatus::Ok) << word << ": " << r.error;
    const wire::FourLetterAnswer c = wire::classify_four_letter(word, r.body);
    std::cout << word << ": " << to_string(c.kind) << " in " << r.elapsed_ms << " ms, "
              << r.body.size() << " bytes\n";
    // NotServing: a server still electing or syncing (seen on a fresh ensemble's slowest JVM).
    ASSERT_TRUE(c.kind == wire::FourLetterKind::Answer ||
                c.kind == wire::FourLetterKind::NotWhitelisted ||
                c.kind == wire::FourLetterKind::NotServing)
        << word << ": " << c.description;
    if (c.kind == wire::FourLetterKind::Answer) {
      EXPECT_EQ(parse_error(word, r.body), "") << word << " answered:\n" << r.body;
    }
  }
}

TEST(ProbeRealServer, EveryAdminCommandParsesIntoAValueOrAState) {
  auto server = real_server();
  if (!server) GTEST_SKIP() << "ZS_REAL_ZK=host:clientPort:adminPort is not set";
  for (std::string command : {"voting_view", "zabstate", "leader", "monitor", "connections",
                              "stats", "server_stats"}) {
    FetchResult r = fetch([&](boost::asio::io_context& io, FetchCallback cb) {
      fetch_admin(io, server->host, server->admin_port, command, {}, std::move(cb));
    });
    ASSERT_EQ(r.status, FetchStatus::Ok) << command << ": " << r.error;
    auto check = [&](const auto& parsed) {
      ASSERT_TRUE(parsed.ok()) << command << ": " << parsed.error().to_string() << "\n" << r.body;
      std::cout << command << ": HTTP " << r.http_status << ", "
                << wire::to_string(parsed->status.state) << " " << parsed->status.error << " in "
                << r.elapsed_ms << " ms\n";
    };
    if (command == "voting_view") check(wire::parse_admin_voting_view(r.http_status, r.body));
    if (command == "zabstate") check(wire::parse_admin_zabstate(r.http_status, r.body));
    if (command == "leader") check(wire::parse_admin_leader(r.http_status, r.body));
    if (command == "monitor") check(wire::parse_admin_monitor(r.http_status, r.body));
    if (command == "connections") check(wire::parse_admin_connections(r.http_status, r.body));
    if (command == "stats" || command == "server_stats") {
      check(wire::parse_admin_stats(r.http_status, r.body));
    }
  }
}

}  // namespace
}  // namespace zs::attach
