// The ensemble's lookups (core/ensemble.hpp).
#include "core/ensemble.hpp"

#include <algorithm>

#include "core/result.hpp"

namespace zs::config {

std::string Warning::to_string() const { return Error{file, line, message, ""}.to_string(); }

const ServerSpec* EnsembleConfig::find(Sid sid) const {
  for (const ServerSpec& s : servers) {
    if (s.sid == sid) return &s;
  }
  return nullptr;
}

int EnsembleConfig::voter_count() const {
  return static_cast<int>(std::count_if(servers.begin(), servers.end(), [](const ServerSpec& s) {
    return s.type == LearnerType::Participant;
  }));
}

bool EnsembleConfig::is_voter(Sid sid) const {
  const ServerSpec* s = find(sid);
  return s != nullptr && s->type == LearnerType::Participant;
}

std::string EnsembleConfig::data_dir_of(Sid sid) const {
  for (const PerServer& f : files) {
    if (f.sid == sid && !f.data_dir.empty()) return f.data_dir;
  }
  if (!data_dir.empty()) return data_dir;
  return "/tmp/zookeeper/server" + std::to_string(sid);
}

}  // namespace zs::config
