// Chinese as a learner sees it: what a learner types or a znode holds gets glyphs in the
// font atlas (not ImGui's '?'), Chinese wraps at any character but not before closing
// punctuation, the language files use the glossary's terms (reference/zh-terms.md), and the
// language drop-down shows the chosen language.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "cluster_view.hpp"
#include "driver.hpp"
#include "fonts.hpp"
#include "glyphs.hpp"
#include "headless.hpp"
#include "i18n.hpp"
#include "ui_bus.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

const std::filesystem::path kSource{ZS_SOURCE_DIR};
constexpr std::string_view kChineseLine = "create /课程 你好世界";

// The code points of a UTF-8 string (ImGui's decoder).
std::vector<ImWchar> code_points(std::string_view s) {
  std::vector<ImWchar> out;
  const char* p = s.data();
  const char* end = s.data() + s.size();
  while (p < end) {
    unsigned c = 0;
    p += ImTextCharFromUtf8(&c, p, end);
    out.push_back(static_cast<ImWchar>(c));
  }
  return out;
}

Catalog load(const std::string& lang) {
  auto c = load_catalog(kSource / "assets" / "lang" / (lang + ".json"));
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().to_string());
  return c.ok() ? c.value() : Catalog{};
}

std::vector<std::string> texts_of(const Catalog& c) {
  std::vector<std::string> out;
  for (const auto& [k, v] : c) out.push_back(v);
  return out;
}

bool system_fonts_installed() {
  return std::filesystem::exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") &&
         std::filesystem::exists("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
}

// ---- which characters the atlas must hold ---------------------------------------------------

TEST(GlyphSet, NewChineseIsPendingOnceAndUiTextIsNot) {
  GlyphSet g;
  g.seed({"选举", "Leader"});
  EXPECT_FALSE(g.need("选举 Leader"));  // seeded: nothing to build
  EXPECT_FALSE(g.pending());
  EXPECT_TRUE(g.need(kChineseLine));
  EXPECT_TRUE(g.pending());
  for (const ImWchar c : code_points(kChineseLine)) EXPECT_TRUE(g.contains(c)) << c;
  g.take_pending();
  EXPECT_FALSE(g.need(kChineseLine));  // asked once: no second rebuild
  EXPECT_FALSE(g.pending());
  EXPECT_FALSE(g.need("plain ASCII, café"));  // Latin-1 is always in the atlas
}

TEST(GlyphSet, RangesHoldEveryCharacterAndEndInZero) {
  GlyphSet g;
  g.need("课程你好世界");
  ImVector<ImWchar> r;
  g.build_ranges(r);
  ASSERT_GE(r.Size, 3);
  EXPECT_EQ(r[r.Size - 1], 0);
  for (const ImWchar c : code_points("课程你好世界")) {
    bool in = false;
    for (int i = 0; i + 1 < r.Size; i += 2) in = in || (r[i] <= c && c <= r[i + 1]);
    EXPECT_TRUE(in) << c;
  }
}

// The atlas built from the UI texts lacks a learner's Chinese; after the on-demand step the
// UI font and the mono font (console, tree, log) have a real glyph for every character.
TEST(Fonts, ChineseALearnerTypedHasGlyphsAfterTheRebuild) {
  if (!system_fonts_installed()) GTEST_SKIP() << "fonts-dejavu-core / fonts-noto-cjk not installed";
  create_headless_imgui();
  ImGuiIO& io = ImGui::GetIO();
  GlyphSet g;
  g.seed(texts_of(load("zh-CN")));
  std::ostringstream notes;
  io.Fonts->Clear();
  load_fonts(g, 18, 25, notes);
  io.Fonts->Build();
  int missing_before = 0;
  for (const ImWchar c : code_points(kChineseLine))
    if (io.Fonts->Fonts[0]->FindGlyphNoFallback(c) == nullptr) ++missing_before;
  EXPECT_GT(missing_before, 0) << "the UI texts hold every character: the test proves nothing";

  ASSERT_TRUE(g.need(kChineseLine));
  io.Fonts->Clear();
  load_fonts(g, 18, 25, notes);
  io.Fonts->Build();
  ASSERT_NE(mono_font(), nullptr);
  for (const ImFont* font : {static_cast<const ImFont*>(io.Fonts->Fonts[0]), static_cast<const ImFont*>(mono_font())}) {
    for (const ImWchar c : code_points(kChineseLine)) {
      const ImFontGlyph* glyph = font->FindGlyphNoFallback(c);
      ASSERT_NE(glyph, nullptr) << "U+" << std::hex << c;
      EXPECT_NE(glyph, font->FallbackGlyph);
      if (c > 0x7F) {
        EXPECT_TRUE(glyph->Visible) << "U+" << std::hex << c;
      }
    }
  }
  // The lab card's large font holds the UI and lab texts (选举 is in the Chinese UI).
  ASSERT_NE(large_font(), nullptr);
  EXPECT_NE(large_font()->FindGlyphNoFallback(0x9009), nullptr);  // 选
  // A hanzi in the mono font is about two cells wide, as in a terminal.
  const float cell = mono_font()->FindGlyph('M')->AdvanceX;
  EXPECT_NEAR(mono_font()->FindGlyph(0x8BFE)->AdvanceX, 2 * cell, cell * 0.25f);  // 课
  set_mono_font(nullptr);
  set_large_font(nullptr);
  ImGui::DestroyContext();
}

// ---- the views ask for what they draw ------------------------------------------------------

class ZhViews : public ::testing::Test {
 protected:
  void SetUp() override { create_headless_imgui(); }
  void TearDown() override {
    set_catalog({});
    ImGui::DestroyContext();
  }
  void frame(View& view, const ClusterView& m, std::string* log = nullptr) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("host", nullptr, ImGuiWindowFlags_NoDecoration);
    if (log != nullptr) ImGui::LogToBuffer();
    view.draw_content(m, bus_);
    if (log != nullptr) {
      *log = ImGui::GetCurrentContext()->LogBuffer.c_str();
      ImGui::LogFinish();
    }
    ImGui::End();
    ImGui::Render();
  }
  UiBus bus_;
};

// A console line with Chinese creates the znode; drawing the console and the tree asks for
// every character of it (the window then rebuilds the atlas before the next frame).
TEST_F(ZhViews, ConsoleAndTreeAskForTheGlyphsOfAChineseZnode) {
  Driver d{RunSetup{}};
  d.run_to(3000);
  d.apply(ConsoleLine{1, std::string(kChineseLine)});
  d.run_to(6000);
  d.apply(SelectServer{1});
  GlyphSet& g = app_glyphs();
  for (const ImWchar c : code_points(kChineseLine)) {
    if (c > 0xFF) {
      ASSERT_FALSE(g.contains(c)) << "an earlier test asked for U+" << std::hex << c;
    }
  }
  auto console = make_console_view();
  std::string log;
  frame(*console, d.model(), &log);
  EXPECT_NE(log.find("create /课程 你好世界"), std::string::npos) << log;
  EXPECT_NE(log.find("Created /课程"), std::string::npos) << log;
  for (const ImWchar c : code_points(kChineseLine)) EXPECT_TRUE(g.contains(c)) << "U+" << std::hex << c;
  EXPECT_TRUE(g.pending());
  g.take_pending();

  // The tree lists /课程 and asks for its name (already there: no second rebuild).
  auto tree = make_tree_view();
  frame(*tree, d.model());
  frame(*tree, d.model(), &log);
  EXPECT_NE(log.find("课程"), std::string::npos) << log;
  EXPECT_FALSE(g.pending());
}

// The drop-down shows the chosen language by its own name, and the choices the same way.
TEST_F(ZhViews, LanguageDropDownShowsTheChosenLanguage) {
  auto controls = make_controls_view();
  ClusterView m;
  std::string log;
  set_catalog(load("zh-CN"));
  set_current_language("zh-CN");
  frame(*controls, m, &log);
  EXPECT_NE(log.find("简体中文"), std::string::npos) << log;
  EXPECT_EQ(log.find("语言"), std::string::npos) << "the box shows the word 'language', not the language: " << log;
  set_catalog(load("en"));
  set_current_language("en");
  frame(*controls, m, &log);
  EXPECT_NE(log.find("English"), std::string::npos) << log;
  EXPECT_EQ(log.find("简体中文"), std::string::npos) << log;
  set_current_language(std::string(kDefaultLanguage));
}

// ---- line breaking -----------------------------------------------------------------------

// Widths in a grid: a Latin character 1, a CJK character 2 (as on screen, roughly).
float grid(unsigned c) { return c < 0x2E80 ? 1.0f : 2.0f; }

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(BreakLines, ChineseBreaksBetweenAnyTwoCharacters) {
  // 13 hanzi, 8 per line: ImGui's word wrap would keep them as one word.
  const auto lines = lines_of(break_lines("服务器进程没有运行已经崩溃", 16, grid));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "服务器进程没有运");
  EXPECT_EQ(lines[1], "行已经崩溃");
}

TEST(BreakLines, ClosingPunctuationNeverStartsALine) {
  // The line is full after 好; the 。 goes with it to the next line.
  const auto lines = lines_of(break_lines("你好你好你好你好。再见", 16, grid));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "你好你好你好你");
  EXPECT_EQ(lines[1], "好。再见");
  for (const std::string& l : lines_of(break_lines("过半数达成一致，选举结束，server.3 当选 Leader。", 12, grid))) {
    EXPECT_FALSE(l.starts_with("，") || l.starts_with("。")) << l;
  }
}

TEST(BreakLines, LatinWordsStayWholeAndKeepTheirNumber) {
  // "epoch 2。" is one piece: the line breaks before epoch, not between epoch and 2.
  const std::string text = "Leader：server.3，进入新的 epoch 2。";
  for (float w = 10; w <= 40; w += 1) {
    for (const std::string& l : lines_of(break_lines(text, w, grid))) {
      EXPECT_FALSE(l.ends_with("epoch")) << "width " << w << ": " << l;
      EXPECT_FALSE(l.starts_with("2") || l.starts_with("。")) << "width " << w << ": " << l;
      EXPECT_EQ(l.find("serv\n"), std::string::npos);
    }
  }
  // English wraps at spaces only; the space at the break goes.
  EXPECT_EQ(break_lines("a quorum of voters", 10, grid), "a quorum\nof voters");
}

TEST(BreakLines, NoLineIsWiderThanTheWidthUnlessOneCharacterIs) {
  const std::string text =
      "server.1 在 0 ms 收到 server.2 的通知：(2, 0x0)，peerEpoch 0，发送方处于 LOOKING 状态。"
      "averyveryverylongidentifierwithoutspaces 然后继续。";
  for (float w = 4; w <= 30; w += 2) {
    for (const std::string& l : lines_of(break_lines(text, w, grid))) {
      float lw = 0;
      for (const ImWchar c : code_points(l)) lw += grid(c);
      EXPECT_LE(lw, w) << l;
    }
  }
  // Nothing is lost but the spaces at the breaks.
  std::string joined;
  for (const std::string& l : lines_of(break_lines(text, 12, grid))) joined += l;
  std::string no_spaces;
  for (char c : text)
    if (c != ' ') no_spaces += c;
  std::string joined_no_spaces;
  for (char c : joined)
    if (c != ' ') joined_no_spaces += c;
  EXPECT_EQ(joined_no_spaces, no_spaces);
}

// ---- the glossary (reference/zh-terms.md) --------------------------------------------------

TEST(ChineseTerms, LanguageFileUsesTheGlossary) {
  const Catalog zh = load("zh-CN");
  for (const auto& [key, raw] : zh) {
    // Java property names stay as written (zookeeper.fastleader.maxNotificationInterval).
    std::string text = raw;
    for (std::size_t at; (at = text.find("zookeeper.fastleader.")) != std::string::npos;) text.erase(at, 21);
    EXPECT_EQ(text.find("法定人数"), std::string::npos) << key << ": quorum is 过半 / 过半数";
    EXPECT_EQ(text.find("提案"), std::string::npos) << key << ": a proposal is 提议";
    EXPECT_EQ(text.find("quorum"), std::string::npos) << key << ": quorum is 过半 / 过半数";
    EXPECT_EQ(text.find("leader"), std::string::npos) << key << ": Leader, capitalised";
    EXPECT_EQ(text.find("follower"), std::string::npos) << key << ": Follower, capitalised";
    EXPECT_EQ(text.find("服务器 {"), std::string::npos) << key << ": server.N for an id";
  }
  EXPECT_EQ(zh.at("view.controls.play"), "播放");
}

TEST(ChineseTerms, LabsUseTheGlossary) {
  int zh_lines = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kSource / "labs")) {
    if (entry.path().extension() != ".toml") continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      if (line.find("zh-CN") == std::string::npos) continue;
      ++zh_lines;
      const std::string where = entry.path().filename().string() + ": " + line.substr(0, 80);
      EXPECT_EQ(line.find("法定人数"), std::string::npos) << where;
      EXPECT_EQ(line.find("提案"), std::string::npos) << where;
      // "服务器 3" for an id: the glossary writes server.3.
      for (std::size_t at = line.find("服务器 "); at != std::string::npos; at = line.find("服务器 ", at + 1)) {
        const char next = line[at + std::string_view("服务器 ").size()];
        EXPECT_FALSE(next >= '0' && next <= '9') << where;
      }
    }
  }
  EXPECT_GT(zh_lines, 100);
}

}  // namespace
}  // namespace zs::gui
