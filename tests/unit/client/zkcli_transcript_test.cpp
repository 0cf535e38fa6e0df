// Whole zkCli sessions rebuilt from zkcli_parse + zkcli_format and compared byte for byte with
// real ZooKeeper 3.8.0 captures: ../shared/reference/real-zookeeper-3.8/zkcli-tutorial-session.txt
// (interactive, with prompts) and samples/runs/exp_f_cli.txt (one command per zkCli.sh run). A
// tiny in-test tree stands in for the server; the Stat values are the captured ones.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <variant>

#include "client/zkcli_format.hpp"
#include "client/zkcli_parse.hpp"

namespace zs::client {
namespace {

constexpr Ms kTutorialTime = 1795447739000;  // Mon Nov 23 15:28:59 UTC 2026
constexpr Ms kExpFTime = 1795373746000;      // Sun Nov 22 18:55:46 UTC 2026

// A minimal server for the commands these sessions use: one zxid per write, no ACLs.
class FakeServer {
 public:
  FakeServer(std::int64_t epoch, std::int64_t next_counter, Ms now)
      : epoch_(epoch), counter_(next_counter), now_(now) {
    nodes_["/zookeeper"] = Node{};
  }

  Printed run(const Command& command) {
    Printed p;
    if (auto* c = std::get_if<CreateCmd>(&command)) {
      if (nodes_.count(c->path)) return print_error(Code::NodeExists, c->path);
      Node n;
      n.data = c->data;
      n.stat.czxid = n.stat.mzxid = n.stat.pzxid = next_zxid();
      n.stat.ctime = n.stat.mtime = now_;
      n.stat.data_length = c->data ? static_cast<std::int32_t>(c->data->size()) : 0;
      nodes_[c->path] = n;
      return print_created(c->path);
    }
    if (std::holds_alternative<LsCmd>(command)) {
      std::vector<std::string> children;
      for (const auto& [path, node] : nodes_) children.push_back(path.substr(1));
      return print_children(children, std::nullopt);
    }
    if (auto* c = std::get_if<GetCmd>(&command)) {
      auto it = nodes_.find(c->path);
      if (it == nodes_.end()) return print_error(Code::NoNode, c->path);
      std::optional<Stat> stat;
      if (c->stat) stat = it->second.stat;
      return print_get(it->second.data, stat);
    }
    if (auto* c = std::get_if<SetCmd>(&command)) {
      Node& n = nodes_.at(c->path);
      n.data = c->data;
      n.stat.mzxid = next_zxid();
      n.stat.version += 1;
      n.stat.data_length = static_cast<std::int32_t>(c->data.size());
      return p;
    }
    if (auto* c = std::get_if<DeleteCmd>(&command)) {
      next_zxid();
      nodes_.erase(c->path);
      return p;
    }
    ADD_FAILURE() << "command not in this fake";
    return p;
  }

 private:
  struct Node {
    std::optional<std::string> data;
    Stat stat;
  };
  Zxid next_zxid() { return Zxid::make(epoch_, counter_++); }

  std::int64_t epoch_;
  std::int64_t counter_;
  Ms now_;
  std::map<std::string, Node> nodes_;  // top-level nodes only
};

std::string read_reference(const std::string& relative) {
  std::ifstream f(std::string(ZS_SOURCE_DIR) + "/../shared/reference/real-zookeeper-3.8/" + relative,
                  std::ios::binary);
  if (!f) return {};
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// The capture without its '#' header lines.
std::string without_comments(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::string out;
  while (std::getline(in, line)) {
    if (!line.starts_with("#")) out += line + "\n";
  }
  return out;
}

// Interactive zkCli with JLine: the prompt, the echoed line, then what the line printed.
std::string tutorial_transcript() {
  // Standalone runs in epoch 0 and the session's creation took zxid 0x1.
  FakeServer server(0, 2, kTutorialTime + 250);
  std::string out;
  int count = 0;
  for (const char* line : {"create /zk_test my_data", "ls /", "get /zk_test", "set /zk_test junk",
                           "get -s /zk_test", "delete /zk_test", "ls /"}) {
    out += prompt("127.0.0.1:32181", ClientState::Connected, count) + line + "\n";
    ParsedLine r = parse_line(line);
    EXPECT_EQ(r.outcome, LineOutcome::Run) << line;
    out += r.printed.text();
    if (r.command) out += server.run(*r.command).text();
    ++count;
  }
  return out;
}

constexpr const char* kTutorialExpected =
    "[zk: 127.0.0.1:32181(CONNECTED) 0] create /zk_test my_data\n"
    "Created /zk_test\n"
    "[zk: 127.0.0.1:32181(CONNECTED) 1] ls /\n"
    "[zk_test, zookeeper]\n"
    "[zk: 127.0.0.1:32181(CONNECTED) 2] get /zk_test\n"
    "my_data\n"
    "[zk: 127.0.0.1:32181(CONNECTED) 3] set /zk_test junk\n"
    "[zk: 127.0.0.1:32181(CONNECTED) 4] get -s /zk_test\n"
    "junk\n"
    "cZxid = 0x2\n"
    "ctime = Mon Nov 23 15:28:59 UTC 2026\n"
    "mZxid = 0x3\n"
    "mtime = Mon Nov 23 15:28:59 UTC 2026\n"
    "pZxid = 0x2\n"
    "cversion = 0\n"
    "dataVersion = 1\n"
    "aclVersion = 0\n"
    "ephemeralOwner = 0x0\n"
    "dataLength = 4\n"
    "numChildren = 0\n"
    "[zk: 127.0.0.1:32181(CONNECTED) 5] delete /zk_test\n"
    "[zk: 127.0.0.1:32181(CONNECTED) 6] ls /\n"
    "[zookeeper]\n";

TEST(Transcript, TutorialSessionMatchesRealZkCli) {
  EXPECT_EQ(tutorial_transcript(), kTutorialExpected);
}

TEST(Transcript, EmbeddedTutorialIsTheSharedCapture) {
  const std::string capture = read_reference("zkcli-tutorial-session.txt");
  if (capture.empty()) GTEST_SKIP() << "../shared/reference not beside the source tree";
  EXPECT_EQ(without_comments(capture), kTutorialExpected);
}

// One `zkCli.sh -server <host> <command...>` run as exp_f_cli.txt records it: the capture drops
// blank lines and appends the exit code.
std::string one_shot(FakeServer& server, const std::string& host, const std::vector<std::string>& args) {
  std::string out = "$ /usr/share/zookeeper/bin/zkCli.sh -server " + host;
  for (const std::string& a : args) out += " " + a;
  out += "\n";
  Printed p = print_connecting(host);
  p.append(print_watch_event(KeeperState::SyncConnected, EventType::None, std::nullopt));
  ParsedLine r = parse_args(args);
  p.append(r.printed);
  int exit_code = r.exit_code;
  if (r.command) {
    Printed result = server.run(*r.command);
    // A CliWrapperException ends the run with exit code 1.
    if (result.text().starts_with("Node ")) exit_code = 1;
    p.append(result);
  }
  std::istringstream in(p.text());
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out += line + "\n";
  }
  return out + "[exit " + std::to_string(exit_code) + "]\n";
}

TEST(Transcript, ExpFCliRunsMatchRealZkCli) {
  // A 3-server ensemble in epoch 1; /zk_test took zxid 0x100000019.
  FakeServer server(1, 0x19, kExpFTime);
  std::string out = "##### zkCli.sh (stdout+stderr; SLF4J NOP warning lines and blank lines dropped)\n";
  out += one_shot(server, "127.0.0.1:40801", {"create", "/zk_test", "my_data"});
  out += one_shot(server, "127.0.0.1:40802", {"get", "-s", "/zk_test"});
  out += one_shot(server, "127.0.0.1:40803", {"ls", "/"});
  out += one_shot(server, "127.0.0.1:40803", {"get", "/does_not_exist"});
  out += one_shot(server, "127.0.0.1:40801", {"create", "/zk_test", "again"});

  EXPECT_NE(out.find("my_data\ncZxid = 0x100000019\nctime = Sun Nov 22 18:55:46 UTC 2026\n"),
            std::string::npos);
  EXPECT_NE(out.find("Node does not exist: /does_not_exist\n[exit 1]\n"), std::string::npos);

  const std::string capture = read_reference("samples/runs/exp_f_cli.txt");
  if (capture.empty()) GTEST_SKIP() << "../shared/reference not beside the source tree";
  const std::string zkcli_part = capture.substr(0, capture.find("##### cli_mt"));
  EXPECT_EQ(out, zkcli_part);
}

}  // namespace
}  // namespace zs::client
