#include "i18n.hpp"

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

namespace zs::gui {
namespace {

Catalog g_catalog;
std::string g_language{kDefaultLanguage};
// Keys tr() was asked for but the catalog lacks; a set so the returned pointers stay valid.
std::set<std::string, std::less<>> g_missing;

void flatten(const nlohmann::json& j, const std::string& prefix, Catalog& out,
             std::string& bad_key) {
  for (const auto& [k, v] : j.items()) {
    const std::string key = prefix.empty() ? k : prefix + "." + k;
    if (v.is_object()) {
      flatten(v, key, out, bad_key);
    } else if (v.is_string()) {
      out[key] = v.get<std::string>();
    } else if (bad_key.empty()) {
      bad_key = key;
    }
  }
}

}  // namespace

Result<Catalog> load_catalog(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    return Error{file.string(), 0, "cannot open the language file", "check the path"};
  }
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Error{file.string(), 0, "not a JSON object of \"key\": \"text\" pairs",
                 "fix the JSON syntax"};
  }
  Catalog catalog;
  std::string bad_key;
  flatten(j, "", catalog, bad_key);
  if (!bad_key.empty()) {
    return Error{file.string(), 0, "the value of \"" + bad_key + "\" is not a string",
                 "every value must be a string"};
  }
  return catalog;
}

std::filesystem::path find_language_file(const std::vector<std::filesystem::path>& dirs,
                                         std::string_view lang) {
  for (const auto& dir : dirs) {
    std::filesystem::path p = dir / (std::string(lang) + ".json");
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p;
  }
  return {};
}

void set_catalog(Catalog catalog) {
  g_catalog = std::move(catalog);
  g_missing.clear();
}

void set_current_language(std::string lang) { g_language = std::move(lang); }
const std::string& current_language() { return g_language; }

const char* language_name(std::string_view lang) {
  std::string key = "language.";
  key += lang;
  return tr(key);
}

const char* tr(std::string_view key) {
  if (auto it = g_catalog.find(key); it != g_catalog.end()) return it->second.c_str();
  return g_missing.emplace(key).first->c_str();
}

std::string tr_id(std::string_view key, std::string_view id) {
  std::string s = tr(key);
  s += "###";
  s += id;
  return s;
}

}  // namespace zs::gui
