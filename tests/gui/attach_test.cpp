// The window attached to a real ensemble, headless: the driver against small fake servers on
// 127.0.0.1 (one answering srvr as a 3.8.0 leader does, a closed port), the Attach dialog's
// checks, the recent list that never keeps a password, and the Servers tab drawn.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "attach/attach_source.hpp"
#include "driver.hpp"
#include "headless.hpp"
#include "i18n.hpp"
#include "views/attach_dialog.hpp"
#include "views/recent.hpp"
#include "views/view.hpp"
#include "wire/connect_string.hpp"

#include <imgui_internal.h>

namespace zs::gui {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

std::string sample(const std::string& name) {
  std::ifstream in(std::filesystem::path(ZS_SOURCE_DIR) / "tests" / "unit" / "wire" / "samples" / "4lw" / name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fake ZooKeeper on 127.0.0.1 (a port the OS picks) that answers `srvr` with a captured
// 3.8.0 leader's answer and every other word as a server with the default whitelist does;
// a client session's connect gets the connection closed. Its own thread, stopped by the
// destructor.
class FakeSrvr {
 public:
  explicit FakeSrvr(std::string srvr) : srvr_(std::move(srvr)) {
    acceptor_.open(tcp::v4());
    acceptor_.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeSrvr() {
    stop_ = true;
    boost::system::error_code ec;
    tcp::socket poke(io_);
    poke.connect(acceptor_.local_endpoint(), ec);  // wakes the blocking accept
    thread_.join();
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }

 private:
  void serve() {
    while (!stop_) {
      tcp::socket s(io_);
      boost::system::error_code ec;
      acceptor_.accept(s, ec);
      if (ec || stop_) continue;
      std::array<char, 4> word{};
      asio::read(s, asio::buffer(word), ec);
      if (ec) continue;
      const std::string w(word.data(), word.size());
      const std::string answer = w == "srvr" ? srvr_
                                 : std::isalpha(static_cast<unsigned char>(w[0]))
                                     ? w + " is not executed because it is not in the whitelist.\n"
                                     : std::string();
      asio::write(s, asio::buffer(answer), ec);
      s.shutdown(tcp::socket::shutdown_both, ec);
    }
  }
  std::string srvr_;
  asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::uint16_t closed_port() {
  asio::io_context io;
  tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const std::uint16_t p = a.local_endpoint().port();
  a.close();
  return p;
}

RunSetup three() {
  RunSetup s;
  s.ensemble = config::default_ensemble(3);
  s.seed = 7;
  return s;
}

// Calls driver.model() until `done` holds for it, at most 10 s.
template <class F>
bool model_until(Driver& d, F done) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < until) {
    if (done(d.model())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done(d.model());
}

class Catalogs : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = load_catalog(std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "lang" / "en.json");
    ASSERT_TRUE(c.ok());
    set_catalog(std::move(c).value());
  }
  void TearDown() override { set_catalog({}); }
};

using AttachDriver = Catalogs;

TEST_F(AttachDriver, ALeaderAnsweringSrvrIsDrawnLeadingWithItsZxidAndAddress) {
  FakeSrvr zk(sample("srvr.leader.txt"));
  Driver d(three());
  d.apply(AttachTo{zk.address(), "", 200});
  ASSERT_TRUE(d.attached());
  ASSERT_TRUE(model_until(d, [](const ClusterView& m) {
    return m.attached && !m.attached->servers.empty() && m.attached->servers[0].status == "serving";
  }));
  const ClusterView& m = d.model();
  EXPECT_EQ(m.source_name, zk.address());
  ASSERT_EQ(m.peers.size(), 1u);
  EXPECT_EQ(m.peers[0].status, PeerStatus::Leading);
  EXPECT_EQ(m.peers[0].last_processed_zxid.raw(), 0x100000005);
  EXPECT_EQ(m.attached->servers[0].address, zk.address());
  EXPECT_EQ(m.attached->servers[0].mode, "leader");
  EXPECT_FALSE(m.attached->servers[0].sid_known) << "conf is refused: the id is not known";
  EXPECT_EQ(m.stable_leader, m.peers[0].sid);
  // The default whitelist refuses the rest: the hint names the zoo.cfg line.
  EXPECT_NE(m.attached->whitelist_hint.find("4lw.commands.whitelist="), std::string::npos);
  EXPECT_FALSE(m.observes.step);
  EXPECT_FALSE(m.observes.votes);
}

TEST_F(AttachDriver, AServerThatStopsIsDrawnDownWithTheReasonAndTheStatusBarSaysSo) {
  auto zk = std::make_unique<FakeSrvr>(sample("srvr.leader.txt"));
  const std::string hosts = zk->address();
  Driver d(three());
  d.apply(AttachTo{hosts, "", 200});
  ASSERT_TRUE(model_until(d, [](const ClusterView& m) {
    return m.attached && !m.attached->servers.empty() && m.attached->servers[0].status == "serving";
  }));
  zk.reset();  // nothing listens there any more
  ASSERT_TRUE(model_until(d, [](const ClusterView& m) { return m.attached->servers[0].status == "unreachable"; }));
  const ClusterView& m = d.model();
  EXPECT_EQ(m.peers[0].status, PeerStatus::Down);
  EXPECT_FALSE(m.attached->servers[0].detail.empty()) << "the tooltip says why it is down";
  EXPECT_FALSE(m.stable_leader);
  // serving -> unreachable is an observed change of server 0, and the status bar's newest.
  const auto it = std::find_if(m.attached->changes.begin(), m.attached->changes.end(), [](const view::AttachedChange& c) {
    return c.kind == "status" && c.server == 0 && c.text.find("unreachable") != std::string::npos;
  });
  ASSERT_NE(it, m.attached->changes.end());
  EXPECT_NE(m.last_happening.find(m.attached->changes.back().text), std::string::npos) << m.last_happening;
}

TEST_F(AttachDriver, TheSimulationWaitsRefusesWhatOnlyItCanDoAndComesBackOnDetach) {
  Driver d(three());
  d.run_to(3000);
  const Sid leader = d.run().sim().stable_leader().value_or(0);
  ASSERT_NE(leader, 0);
  const std::size_t actions = d.actions().size();
  d.apply(AttachTo{"127.0.0.1:" + std::to_string(closed_port()), "", 200});
  ASSERT_TRUE(d.attached());
  d.advance(1000);
  for (const UiEvent& e : {UiEvent{StepForward{}}, UiEvent{CrashServer{leader}}, UiEvent{SeekTime{0}},
                           UiEvent{OpenScenario{"startup"}}, UiEvent{LabOpen{"x"}}, UiEvent{NewEnsemble{}}}) {
    d.apply(e);
    EXPECT_EQ(d.model().last_happening, tr("attach.watch_only")) << e.index();
  }
  EXPECT_EQ(d.run().sim().now(), 3000) << "nothing moved the simulation while attached";
  EXPECT_EQ(d.actions().size(), actions) << "no hand action reached the simulation";
  d.apply(Detach{});
  EXPECT_FALSE(d.attached());
  const ClusterView& m = d.model();
  EXPECT_FALSE(m.attached);
  EXPECT_EQ(m.now, 3000);
  EXPECT_EQ(m.stable_leader, leader);
  d.apply(CrashServer{leader});
  EXPECT_EQ(d.actions().size(), actions + 1) << "after Detach the simulation takes actions again";
}

TEST_F(AttachDriver, ABadConnectStringOrAuthIsRefusedWithTheParsersMessage) {
  Driver d(three());
  for (const auto& [hosts, auth] : {std::pair<std::string, std::string>{"127.0.0.1:99999", ""},
                                    {"a,,b", ""},
                                    {"127.0.0.1:2181", "digest:nopassword"}}) {
    d.apply(AttachTo{hosts, auth, 1000});
    EXPECT_FALSE(d.attached()) << hosts;
    const std::string why = auth.empty() ? wire::parse_connect_string(hosts).error().to_string()
                                         : wire::parse_auth_spec(auth).error().to_string();
    EXPECT_NE(d.model().last_happening.find(why), std::string::npos) << d.model().last_happening;
  }
}

TEST_F(AttachDriver, AnAttachIsRememberedWithoutItsPassword) {
  const auto dir = std::filesystem::temp_directory_path() / ("zs_attach_recent_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const auto file = dir / "zooscope" / "recent.json";
  Driver d(three());
  d.set_recent_file(file);
  const std::string hosts = "127.0.0.1:" + std::to_string(closed_port());
  d.apply(AttachTo{hosts, "digest:alice:s3cret-pw", 500});
  ASSERT_TRUE(d.attached());
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().find("s3cret-pw"), std::string::npos) << text.str();
  const auto recent = load_recent(file);
  ASSERT_EQ(recent.size(), 1u);
  EXPECT_EQ(recent[0], (RecentAttach{hosts, "digest", "alice", 500}));
  EXPECT_EQ(auth_prefill(recent[0]), "digest:alice:");
  std::filesystem::remove_all(dir);
}

TEST(RecentAttaches, NewestFirstOneEntryPerConnectStringAtMostTen) {
  std::vector<RecentAttach> list;
  for (int i = 0; i < 12; ++i) remember(list, recent_entry("h" + std::to_string(i) + ":2181", "", 1000));
  remember(list, recent_entry("h5:2181", "", 2000));
  ASSERT_EQ(list.size(), kMaxRecent);
  EXPECT_EQ(list[0].connect_string, "h5:2181");
  EXPECT_EQ(list[0].refresh_ms, 2000);
  EXPECT_EQ(list[1].connect_string, "h11:2181");
  EXPECT_EQ(std::count_if(list.begin(), list.end(), [](const RecentAttach& r) { return r.connect_string == "h5:2181"; }), 1);
  // Another scheme's auth bytes may be a secret as a whole: none of them is kept.
  EXPECT_EQ(recent_entry("h:1", "ip:10.0.0.1", 1000).auth_user, "");
}

TEST(RecentAttaches, ABrokenFileIsAnEmptyListThatSaysWhy) {
  const auto file = std::filesystem::temp_directory_path() / ("zs_recent_broken_" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << "{ not json";
  std::string why;
  EXPECT_TRUE(load_recent(file, &why).empty());
  EXPECT_NE(why.find(file.string()), std::string::npos);
  std::filesystem::remove(file);
}

// ---- the dialog and the Servers tab, drawn headless -------------------------------------------

class AttachViews : public Catalogs {
 protected:
  void SetUp() override {
    Catalogs::SetUp();
    create_headless_imgui();
  }
  void TearDown() override {
    ImGui::DestroyContext();
    Catalogs::TearDown();
  }
  // The dialog's form in a plain window; returns the text it drew.
  std::string form_frame(AttachDialog& dialog, const ClusterView& m) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("host", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::LogToBuffer();
    dialog.draw_form(m, bus_);
    std::string text = ImGui::GetCurrentContext()->LogBuffer.c_str();
    ImGui::LogFinish();
    ImGui::End();
    ImGui::Render();
    return text;
  }
  UiBus bus_;
};

TEST_F(AttachViews, TheDialogShowsTheParsersMessageUnderABadConnectStringAndWillNotAttach) {
  AttachDialog dialog;
  dialog.set_connect("127.0.0.1:2181,127.0.0.1:70000");
  const std::string why = wire::parse_connect_string(dialog.connect()).error().to_string();
  const std::string text = form_frame(dialog, ClusterView{});
  EXPECT_NE(text.find(why), std::string::npos) << text;
  EXPECT_EQ(dialog.connect_error(), why);
  EXPECT_FALSE(dialog.request());

  dialog.set_connect("127.0.0.1:2181,127.0.0.1:2182/app");
  dialog.set_auth("digest:bob");
  EXPECT_EQ(dialog.auth_error(), wire::parse_auth_spec("digest:bob").error().to_string());
  EXPECT_FALSE(dialog.request()) << "a bad auth spec blocks Attach too";
  dialog.set_auth("digest:bob:pw");
  const auto req = dialog.request();
  ASSERT_TRUE(req);
  EXPECT_EQ(req->connect_string, "127.0.0.1:2181,127.0.0.1:2182/app");
  EXPECT_EQ(req->auth, "digest:bob:pw");
  const std::string ok = form_frame(dialog, ClusterView{});
  EXPECT_EQ(ok.find("port"), std::string::npos) << "no error shown once it parses: " << ok;
}

// An attached model as AttachSource fills it: a leader, a follower, one unreachable.
ClusterView attached_model() {
  ClusterView m;
  m.observes = {false, false, false, false, false, false};
  view::AttachedModel a;
  a.connect_string = "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183";
  const char* modes[] = {"leader", "follower", ""};
  for (int i = 0; i < 3; ++i) {
    PeerSnapshot p;
    p.sid = i + 1;
    p.status = i == 0 ? PeerStatus::Leading : i == 1 ? PeerStatus::Following : PeerStatus::Down;
    p.up = i < 2;
    p.serving = i < 2;
    p.last_processed_zxid = Zxid{0x200000007};
    p.znodes = 12;
    m.peers.push_back(p);
    view::AttachedServer s;
    s.address = "127.0.0.1:218" + std::to_string(i + 1);
    s.status = i < 2 ? "serving" : "unreachable";
    s.mode = modes[i];
    s.detail = i < 2 ? "" : "connection refused";
    s.sid_known = i == 0;
    s.rtt_ms = 3;
    a.servers.push_back(s);
  }
  a.whitelist_hint = "4lw.commands.whitelist=srvr,mntr,conf,cons,wchs";
  a.session_state = "connected";
  a.session_host = "127.0.0.1:2181";
  a.session_id = 0x1000a2b3c;
  m.stable_leader = 1;
  m.trees.assign(3, nullptr);
  m.watches.assign(3, nullptr);
  m.attached = a;
  return m;
}

TEST_F(AttachViews, TheServersTabIsFirstWhileAttachedAndAbsentOtherwise) {
  Views views;
  UiBus bus;
  auto draw = [&](const ClusterView& m) {
    std::string text;
    ImGui::NewFrame();
    views.draw(m, bus, &text);
    ImGui::Render();
    return text;
  };
  draw(ClusterView{});
  draw(ClusterView{});
  EXPECT_NE(views.current_tab(), "servers");
  const ClusterView m = attached_model();
  draw(m);
  const std::string text = draw(m);
  EXPECT_EQ(views.current_tab(), "servers") << "attaching brings the Servers tab to the front";
  for (const char* want : {"127.0.0.1:2183", "unreachable", "connection refused", "serving", "leader",
                           "4lw.commands.whitelist=srvr,mntr,conf,cons,wchs", "0x200000007", "0x1000a2b3c"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  }
  // The ring names each server by its address, with server.N only where the id is known.
  EXPECT_NE(text.find("127.0.0.1:2181  server.1"), std::string::npos) << text;
  draw(ClusterView{});
  draw(ClusterView{});
  EXPECT_NE(views.current_tab(), "servers") << "detached: no Servers tab";
}

// "after 1 polls": one poll is singular in English (two keys; zh-CN has no plural).
TEST_F(AttachViews, OnePollIsSingularTwoArePlural) {
  Views views;
  UiBus bus;
  auto draw = [&](const ClusterView& m) {
    std::string text;
    ImGui::NewFrame();
    views.draw(m, bus, &text);
    ImGui::Render();
    return text;
  };
  ClusterView m = attached_model();
  m.attached->refresh_ms = 2000;
  for (const std::uint64_t polls : {1, 2, 0}) {
    m.attached->polls = polls;
    draw(m);
    const std::string text = draw(m);
    const std::string want = polls == 1 ? "Refresh every 2000 ms (1 poll so far)."
                                        : "Refresh every 2000 ms (" + std::to_string(polls) +
                                              " polls so far).";
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
    // The controls bar's line says the same.
    const std::string line = "every 2000 ms (" + std::to_string(polls) + (polls == 1 ? " poll)." : " polls).");
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
}

// ---- on the shared real ensemble (ctest fixture zk3, label interop) ---------------------------

namespace zk3 {

std::string connect_string() {
  std::ifstream in(ZS_ZK3_STATE);
  if (!in) return "";
  const auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.contains("connect_string") ? j["connect_string"].get<std::string>() : "";
}

// Everything a console printed, prompts and lines included.
std::string transcript_text(const ClusterView& m, Sid sid) {
  std::string out;
  for (const view::ConsoleModel& c : m.consoles) {
    if (c.sid != sid || c.transcript == nullptr) continue;
    for (const console::TranscriptEntry& e : *c.transcript) out += e.prompt + e.line + "\n" + e.printed.text();
  }
  return out;
}

}  // namespace zk3

using Zk3AttachedConsole = Catalogs;

TEST_F(Zk3AttachedConsole, CreateOnARealServerPrintsAsZkCliAndTheAttachedTreeShowsIt) {
  const std::string hosts = zk3::connect_string();
  if (hosts.empty()) GTEST_SKIP() << "no zk3 ensemble (" << ZS_ZK3_STATE << ")";
  Driver d(three());
  d.apply(AttachTo{hosts, "", 500});
  ASSERT_TRUE(d.attach_source()->monitor().wait_settled(std::chrono::seconds(20)));
  const ClusterView& first = d.model();
  ASSERT_EQ(first.peers.size(), 3u);
  const Sid sid = first.peers[1].sid;  // the second server of the connect string
  const std::string path = "/zs_gui_console_" + std::to_string(::getpid());
  d.apply(ConsoleLine{sid, "create " + path + " my_data"});
  ASSERT_TRUE(model_until(d, [&](const ClusterView& m) {
    return zk3::transcript_text(m, sid).find("Created " + path) != std::string::npos;
  })) << zk3::transcript_text(d.model(), sid);
  // The prompt names that server alone, as zkCli -server HOST:PORT does.
  const ClusterView& m = d.model();
  ASSERT_EQ(m.consoles.size(), 1u);
  EXPECT_NE(m.consoles[0].prompt.find("[zk: " + m.attached->servers[1].address + "(CONNECTED)"), std::string::npos)
      << m.consoles[0].prompt;
  // The monitor's own session sees the znode through its watch, with the data typed.
  ASSERT_TRUE(model_until(d, [&](const ClusterView& v) {
    const auto node = v.attached->tree != nullptr ? v.attached->tree->node(path) : std::nullopt;
    return node && *node->data == "my_data";
  }));
  d.apply(ConsoleLine{sid, "get " + path});
  d.apply(ConsoleLine{sid, "delete " + path});
  ASSERT_TRUE(model_until(d, [&](const ClusterView& v) {
    return v.attached->tree != nullptr && !v.attached->tree->node(path) &&
           zk3::transcript_text(v, sid).find("get " + path + "\nmy_data") != std::string::npos;
  })) << zk3::transcript_text(d.model(), sid);
}

}  // namespace
}  // namespace zs::gui
