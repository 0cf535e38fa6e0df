// UI text from assets/lang/<lang>.json (dotted keys such as "view.cluster.title"). Views
// have no literal labels: they call tr(). Protocol words (LOOKING, zxid, epoch, sid) are not
// translated and stay in code.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace zs::gui {

inline constexpr std::string_view kDefaultLanguage = "en";
inline const std::vector<std::string>& supported_languages() {
  static const std::vector<std::string> langs{"en", "zh-CN"};
  return langs;
}

// A flat key -> text table read from one language file.
using Catalog = std::map<std::string, std::string, std::less<>>;

// Reads <dir>/<lang>.json: one JSON object whose values are strings (nested objects are
// flattened to dotted keys).
Result<Catalog> load_catalog(const std::filesystem::path& file);

// The first of `dirs` that holds <lang>.json, or an empty path.
std::filesystem::path find_language_file(const std::vector<std::filesystem::path>& dirs,
                                         std::string_view lang);

// Makes `catalog` the table tr() reads. Call once at start, before the first frame.
void set_catalog(Catalog catalog);
// The language the catalog is in ("en", "zh-CN"), for the language drop-down.
void set_current_language(std::string lang);
const std::string& current_language();
// The name of `lang` in that language itself ("English", "简体中文"): a language list shows
// each language as its speakers write it (the keys "language.<lang>", the same in every file).
const char* language_name(std::string_view lang);

// The text for `key` in the current language, or the key itself when it is missing (so a
// missing translation shows on screen). The pointer stays valid until set_catalog().
const char* tr(std::string_view key);

// "<text of key>###<id>": a translated title whose ImGui ID does not change with the language.
std::string tr_id(std::string_view key, std::string_view id);

}  // namespace zs::gui
