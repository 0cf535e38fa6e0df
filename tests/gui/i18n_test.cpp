// Language files: every key the GUI uses exists in every language, and tr() shows a
// missing key instead of hiding it (STYLE.md §8).
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include <gtest/gtest.h>

#include "i18n.hpp"

namespace zs::gui {
namespace {

const std::filesystem::path kSource{ZS_SOURCE_DIR};

// The string literal keys of s's tr("key") and tr_id("key", ...) calls.
void scan_tr_calls(const std::string& s, std::set<std::string>& keys) {
  for (const std::string_view call : {"tr(", "tr_id("}) {
    for (std::size_t at = s.find(call); at != std::string::npos; at = s.find(call, at + 1)) {
      const bool word_start = at == 0 || !(std::isalnum(static_cast<unsigned char>(s[at - 1])) ||
                                           s[at - 1] == '_');
      std::size_t i = at + call.size();
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      if (!word_start || i >= s.size() || s[i] != '"') continue;
      const std::size_t end = s.find('"', i + 1);
      if (end != std::string::npos) keys.insert(s.substr(i + 1, end - i - 1));
    }
  }
}

// Every key the sources under gui/ pass to tr() or tr_id().
std::set<std::string> keys_used_in_gui() {
  std::set<std::string> keys;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kSource / "gui")) {
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    scan_tr_calls(text.str(), keys);
  }
  return keys;
}

Catalog load(const std::string& lang) {
  auto c = load_catalog(kSource / "assets" / "lang" / (lang + ".json"));
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().to_string());
  return c.ok() ? c.value() : Catalog{};
}

TEST(LanguageFiles, EveryKeyUsedInGuiExistsInEveryLanguage) {
  const auto keys = keys_used_in_gui();
  ASSERT_GE(keys.size(), 20u) << "the scan found too few tr(\"...\") calls";
  for (const std::string& lang : supported_languages()) {
    const Catalog c = load(lang);
    for (const std::string& key : keys) {
      EXPECT_TRUE(c.contains(key)) << lang << ".json lacks \"" << key << "\"";
    }
  }
}

// Loads `json` through a temporary file, as the app loads assets/lang/*.json.
Result<Catalog> load_text(const std::string& json) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("zs_i18n_test_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << json;
  auto c = load_catalog(path);
  std::filesystem::remove(path);
  return c;
}

TEST(LanguageFiles, ScanFindsTrCallsOnly) {
  std::set<std::string> keys;
  scan_tr_calls(R"(tr("a.b") tr_id( "c.d", "id") str("no") attr("no") tr(variable))", keys);
  EXPECT_EQ(keys, (std::set<std::string>{"a.b", "c.d"}));
}

TEST(LanguageFiles, AllLanguagesHaveTheSameKeys) {
  const Catalog en = load("en");
  for (const std::string& lang : supported_languages()) {
    const Catalog c = load(lang);
    for (const auto& [key, text] : en) EXPECT_TRUE(c.contains(key)) << lang << " lacks " << key;
    for (const auto& [key, text] : c) EXPECT_TRUE(en.contains(key)) << "en lacks " << key;
  }
}

TEST(LanguageFiles, ProtocolWordsStayUntranslated) {
  // The Chinese legend names the vote fields as ZooKeeper does.
  const Catalog zh = load("zh-CN");
  const std::string& looking = zh.at("view.cluster.legend.looking");
  for (const char* word : {"zxid", "peerEpoch", "sid"}) {
    EXPECT_NE(looking.find(word), std::string::npos) << word;
  }
}

TEST(Tr, MissingKeyShowsTheKey) {
  set_catalog(Catalog{{"view.cluster.title", "Cluster"}});
  EXPECT_STREQ(tr("view.cluster.title"), "Cluster");
  EXPECT_STREQ(tr("view.no.such.key"), "view.no.such.key");
  EXPECT_EQ(tr_id("view.cluster.title", "cluster"), "Cluster###cluster");
  set_catalog({});
}

TEST(Tr, NestedObjectsBecomeDottedKeys) {
  auto c = load_text(R"({"view": {"log": {"title": "Trace"}}, "common.yes": "yes"})");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.value().at("view.log.title"), "Trace");
  EXPECT_EQ(c.value().at("common.yes"), "yes");
}

TEST(Tr, NonStringValueIsAnErrorNamingTheKey) {
  auto c = load_text(R"({"view.log.title": 3})");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().to_string().find("view.log.title"), std::string::npos);
}

TEST(Tr, BrokenJsonIsAnError) {
  auto c = load_text(R"({"view.log.title": )");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().to_string().find("JSON"), std::string::npos);
}

}  // namespace
}  // namespace zs::gui
