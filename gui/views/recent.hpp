// The connect strings the window attached to lately, for the Attach dialog's list: at most
// kMaxRecent, newest first, in $XDG_CONFIG_HOME/zooscope/recent.json (or
// ~/.config/zooscope/recent.json). A password is never written there: of an auth spec only
// the scheme and, for digest, the user are kept, and the dialog asks for the rest again.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace zs::gui {

inline constexpr std::size_t kMaxRecent = 10;

struct RecentAttach {
  std::string connect_string;  // as typed (it parsed)
  std::string auth_scheme;     // "" = no auth; "digest", ...
  std::string auth_user;       // digest's user; never the password
  std::int32_t refresh_ms = 1000;
  friend bool operator==(const RecentAttach&, const RecentAttach&) = default;
};

// The entry to remember for an attach: the auth spec ("digest:user:password") cut down to its
// scheme and user.
RecentAttach recent_entry(const std::string& connect_string, const std::string& auth, std::int32_t refresh_ms);
// "digest:user:" (the password left for the user to type), "" without auth.
std::string auth_prefill(const RecentAttach& r);

// Where the list lives; empty when neither XDG_CONFIG_HOME nor HOME is set.
std::filesystem::path recent_file();
// The list in `file`; a missing or unreadable file is an empty list (and `error`, when
// given, says why unless the file is simply missing). Entries without a connect string are
// left out.
std::vector<RecentAttach> load_recent(const std::filesystem::path& file, std::string* error = nullptr);
// Writes the list (creating the folder); false with `error` naming the file when it cannot.
bool save_recent(const std::filesystem::path& file, const std::vector<RecentAttach>& list, std::string* error = nullptr);
// `e` to the front; an entry with the same connect string goes; at most kMaxRecent stay.
void remember(std::vector<RecentAttach>& list, RecentAttach e);

}  // namespace zs::gui
