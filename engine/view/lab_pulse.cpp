// A lab step's pulse targets (lab_pulse.hpp), derived from its conditions unless it says them.
#include "view/lab_pulse.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace zs::view {
namespace {

using What = lab::Highlight::What;

void add(std::vector<lab::Highlight>& out, const lab::Highlight& h) {
  if (std::find(out.begin(), out.end(), h) == out.end()) out.push_back(h);
}

// A zkCli line that changes the data tree (and so makes a proposal).
bool is_write_line(std::string_view line) {
  const std::size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) return false;
  line.remove_prefix(start);
  const std::string_view word = line.substr(0, line.find_first_of(" \t"));
  static constexpr std::array<std::string_view, 5> kWrites = {"create", "set", "delete", "deleteall", "setAcl"};
  return std::find(kWrites.begin(), kWrites.end(), word) != kWrites.end();
}

bool writes(const std::vector<run::Action>& actions) {
  return std::any_of(actions.begin(), actions.end(), [](const run::Action& a) {
    if (std::holds_alternative<run::WriteButton>(a)) return true;
    const auto* c = std::get_if<run::ConsoleLine>(&a);
    return c != nullptr && is_write_line(c->line);
  });
}

// PROPOSAL/ACK/COMMIT of a zxid -> its Zab row and cells; notifications -> a Votes cell.
void from_messages(const lab::MessageCount& m, const std::vector<Sid>& focus, std::vector<lab::Highlight>& out) {
  if (m.kind == "notification" && m.from != 0 && m.to != 0) {
    add(out, lab::Highlight{What::Votes, m.to, m.from, std::nullopt});
    return;
  }
  const bool zab = m.kind == "PROPOSAL" || m.kind == "ACK" || m.kind == "COMMIT";
  if (!zab || !m.zxid) return;
  add(out, lab::Highlight{What::Zab, 0, 0, m.zxid});
  if (m.kind == "ACK") {
    if (m.from != 0) {
      add(out, lab::Highlight{What::Ack, m.from, 0, m.zxid});
    } else {
      for (Sid sid : focus) add(out, lab::Highlight{What::Ack, sid, 0, m.zxid});
    }
  }
  if (m.kind == "COMMIT") add(out, lab::Highlight{What::Commit, 0, 0, m.zxid});
}

}  // namespace

std::vector<lab::Highlight> lab_pulse(const lab::Step& step) {
  if (!step.highlight.empty()) return step.highlight;
  std::vector<lab::Highlight> out;
  bool named_zxid = false;
  bool names_znode = false;
  for (const auto* conditions : {&step.until, &step.expect}) {
    for (const lab::Condition& c : *conditions) {
      if (const auto* m = std::get_if<lab::MessageCount>(&c.predicate)) {
        const std::size_t before = out.size();
        from_messages(*m, step.focus, out);
        named_zxid = named_zxid || (m->zxid && out.size() > before);
      }
      names_znode = names_znode || std::holds_alternative<lab::ZnodeIs>(c.predicate);
    }
  }
  if (!named_zxid && names_znode && writes(step.actions)) {
    add(out, lab::Highlight{What::Zab, 0, 0, std::nullopt});
    add(out, lab::Highlight{What::Commit, 0, 0, std::nullopt});
  }
  const bool election = std::any_of(step.until.begin(), step.until.end(), [](const lab::Condition& c) {
    const auto* s = std::get_if<lab::ServerIs>(&c.predicate);
    return s != nullptr && s->state && *s->state != PeerStatus::Down;
  });
  if (election) {
    for (Sid sid : step.focus) add(out, lab::Highlight{What::Votes, sid, 0, std::nullopt});
    for (Sid sid : step.focus) add(out, lab::Highlight{What::Rule, sid, 0, std::nullopt});
  }
  return out;
}

}  // namespace zs::view
