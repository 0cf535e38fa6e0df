// Lab files (lab.hpp): TOML -> a validated Lab, with FILE:LINE:COL errors.
#include "lab/lab.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "config/config.hpp"

namespace zs::lab {
namespace {

constexpr Ms kMaxWithinMs = 3'600'000;
constexpr std::int64_t kMaxServers = 15;

// Where an error is: the node's first character (or the file's start).
struct Where {
  int line = 0;
  int column = 0;
};
Where where(const toml::node& n) {
  const auto& b = n.source().begin;
  return Where{static_cast<int>(b.line), static_cast<int>(b.column)};
}

struct Reader {
  const std::string& path;

  Error error(Where w, std::string what, std::string fix) const {
    Error e{path, w.line, std::move(what), std::move(fix)};
    e.column = w.column;
    return e;
  }

  // Every key of `t` is one of `known`; a typo gets the nearest known key as the fix.
  std::optional<Error> only_keys(const toml::table& t, std::string_view table_name,
                                 std::initializer_list<std::string_view> known) const {
    for (const auto& [key, node] : t) {
      if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
      std::string list;
      for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      const auto& b = key.source().begin;
      Where w = b.line > 0 ? Where{static_cast<int>(b.line), static_cast<int>(b.column)} : where(node);
      return error(w, fmt::format("{} has no key \"{}\"", table_name, key.str()), "use one of: " + list);
    }
    return std::nullopt;
  }

  // `key.en` and `key.zh-CN`, both required when `required`, or when either is given.
  Result<Text> text(const toml::table& t, std::string_view key, Where table_at, bool required) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (!required) return Text{};
      return error(table_at, fmt::format("{}.en and {}.zh-CN are missing", key, key),
                   fmt::format("add {}.en = \"...\" and {}.zh-CN = \"...\"", key, key));
    }
    const toml::table* langs = n->as_table();
    if (langs == nullptr)
      return error(where(*n), fmt::format("{} is one text per language, not a single value", key),
                   fmt::format("write {}.en = \"...\" and {}.zh-CN = \"...\"", key, key));
    if (auto e = only_keys(*langs, key, {"en", "zh-CN"})) return *e;
    Text out;
    for (const auto& [lang, value] : *langs) {
      const auto* s = value.as_string();
      if (s == nullptr || s->get().empty())
        return error(where(value), fmt::format("{}.{} is not a non-empty text", key, lang.str()), "write it in quotes");
      (lang.str() == "en" ? out.en : out.zh) = s->get();
    }
    if (out.en.empty() || out.zh.empty()) {
      const char* missing = out.en.empty() ? "en" : "zh-CN";
      return error(where(*n), fmt::format("{}.{} is missing: every text is given in en and zh-CN", key, missing),
                   fmt::format("add {}.{} = \"...\"", key, missing));
    }
    return out;
  }

  // A string, or an array of strings (each with where it was written).
  Result<std::vector<std::pair<std::string, Where>>> strings(const toml::node& n, std::string_view key) const {
    std::vector<std::pair<std::string, Where>> out;
    if (const auto* s = n.as_string()) {
      out.emplace_back(s->get(), where(n));
      return out;
    }
    const toml::array* a = n.as_array();
    if (a == nullptr)
      return error(where(n), fmt::format("{} is not a text or a list of texts", key),
                   fmt::format("write {} = \"...\" or {} = [\"...\", \"...\"]", key, key));
    for (const toml::node& e : *a) {
      const auto* s = e.as_string();
      if (s == nullptr) return error(where(e), fmt::format("an item of {} is not a text", key), "write each in quotes");
      out.emplace_back(s->get(), where(e));
    }
    return out;
  }

  Result<std::int64_t> integer(const toml::node& n, std::string_view key, std::int64_t lo, std::int64_t hi) const {
    const auto* i = n.as_integer();
    if (i == nullptr || i->get() < lo || i->get() > hi)
      return error(where(n), fmt::format("{} is not a whole number from {} to {}", key, lo, hi),
                   fmt::format("write e.g. {} = {}", key, lo));
    return i->get();
  }

  Result<std::vector<Sid>> sids(const toml::node& n, std::string_view key) const {
    const toml::array* a = n.as_array();
    if (a == nullptr)
      return error(where(n), fmt::format("{} is not a list of server ids", key), fmt::format("write e.g. {} = [1, 2]", key));
    std::vector<Sid> out;
    for (const toml::node& e : *a) {
      auto v = integer(e, key, 1, 255);
      if (!v) return v.error();
      out.push_back(v.value());
    }
    return out;
  }

  // Conditions, each parsed; `until` also takes time, `expect` does not.
  Result<std::vector<Condition>> conditions(const toml::node& n, std::string_view key,
                                            const config::EnsembleConfig& ensemble) const {
    auto texts = strings(n, key);
    if (!texts) return texts.error();
    std::vector<Condition> out;
    for (auto& [t, w] : texts.value()) {
      auto p = parse_predicate(t);
      if (!p) return error(w, fmt::format("{} \"{}\": {}", key, t, p.error().message), p.error().hint);
      if (key == "expect" && std::holds_alternative<AtTime>(p.value()))
        return error(w, fmt::format("expect \"{}\": a time is something to wait for, not to check", t),
                     "move it to until");
      for (Sid sid : sids_of(p.value())) {
        if (ensemble.find(sid) == nullptr)
          return error(w, fmt::format("{} \"{}\": there is no server {} in this ensemble", key, t, sid),
                       "use one of the ensemble's server ids");
      }
      out.push_back(Condition{std::move(p.value()), t, w.line, w.column});
    }
    return out;
  }

  // `highlight = ["rule 2", "ack 0x100000003 1"]`: each parsed, its servers in the ensemble.
  Result<std::vector<Highlight>> highlights(const toml::node& n, const config::EnsembleConfig& ensemble) const {
    auto texts = strings(n, "highlight");
    if (!texts) return texts.error();
    std::vector<Highlight> out;
    for (auto& [t, w] : texts.value()) {
      auto h = parse_highlight(t);
      if (!h) return error(w, fmt::format("highlight \"{}\": {}", t, h.error().message), h.error().hint);
      for (Sid sid : sids_of(h.value()))
        if (ensemble.find(sid) == nullptr)
          return error(w, fmt::format("highlight \"{}\": there is no server {} in this ensemble", t, sid),
                       "use one of the ensemble's server ids");
      out.push_back(h.value());
    }
    return out;
  }

  // A relative config path: beside the lab file, else in the folder above it.
  std::string resolve(const std::string& file) const {
    namespace fs = std::filesystem;
    const fs::path p(file);
    if (p.is_absolute()) return file;
    const fs::path dir = fs::path(path).parent_path();
    std::error_code ec;
    for (const fs::path& base : {dir, dir.empty() ? fs::path("..") : dir.parent_path()}) {
      const fs::path candidate = base / p;
      if (fs::exists(candidate, ec)) return candidate.string();
    }
    return (dir / p).string();
  }

  Result<run::RunSetup> ensemble(const toml::table& root) const {
    run::RunSetup setup;
    const toml::node* n = root.get("ensemble");
    if (n == nullptr) return setup;  // three voters, seed 1, all started
    const toml::table* t = n->as_table();
    if (t == nullptr) return error(where(*n), "ensemble is not a table", "write [ensemble] on a line of its own, then its keys");
    if (auto e = only_keys(*t, "[ensemble]", {"servers", "observers", "config", "seed", "start", "latency", "loss"})) return *e;
    if (t->contains("config") && (t->contains("servers") || t->contains("observers")))
      return error(where(*t->get("config")), "[ensemble] has both config and servers/observers",
                   "keep config (the zoo.cfg says which servers there are), or remove it");
    if (const toml::node* c = t->get("config")) {
      auto files = strings(*c, "config");
      if (!files) return files.error();
      std::vector<std::string> paths;
      for (const auto& [f, w] : files.value()) paths.push_back(resolve(f));
      auto loaded = config::load_ensemble(paths, true);
      if (!loaded) {
        Error e = loaded.error();
        return error(where(*c), "config: " + e.to_string(), "fix that file, or name another");
      }
      setup.ensemble = std::move(loaded.value());
      setup.config_path = paths.size() == 1 ? paths[0] : std::string{};
    } else {
      std::int64_t voters = 3, observers = 0;
      if (const toml::node* v = t->get("servers")) {
        auto r = integer(*v, "servers", 1, kMaxServers);
        if (!r) return r.error();
        voters = r.value();
      }
      if (const toml::node* v = t->get("observers")) {
        auto r = integer(*v, "observers", 0, kMaxServers - voters);
        if (!r) return r.error();
        observers = r.value();
      }
      setup.ensemble = config::default_ensemble(static_cast<int>(voters), static_cast<int>(observers));
    }
    if (const toml::node* v = t->get("seed")) {
      auto r = integer(*v, "seed", 0, std::numeric_limits<std::int64_t>::max());
      if (!r) return r.error();
      setup.seed = static_cast<std::uint64_t>(r.value());
    }
    if (const toml::node* v = t->get("start")) {
      auto r = sids(*v, "start");
      if (!r) return r.error();
      std::set<Sid> seen;
      for (Sid sid : r.value()) {
        if (setup.ensemble.find(sid) == nullptr)
          return error(where(*v), fmt::format("start: there is no server {} in this ensemble", sid), "use one of the ensemble's server ids");
        if (!seen.insert(sid).second) return error(where(*v), fmt::format("start: server {} is listed twice", sid), "list each server once");
      }
      setup.start = r.value();
    }
    if (const toml::node* v = t->get("latency")) {
      const auto* s = v->as_string();
      auto r = s ? run::parse_latency(s->get()) : Result<std::pair<Ms, Ms>>(Error{"", 0, "latency is not a text", "write latency = \"1-5\""});
      if (!r) return error(where(*v), "latency: " + r.error().message, r.error().hint);
      setup.link.latency_min_ms = r.value().first;
      setup.link.latency_max_ms = r.value().second;
    }
    if (const toml::node* v = t->get("loss")) {
      const auto* s = v->as_string();
      auto r = s ? run::parse_chance(s->get()) : Result<Ratio>(Error{"", 0, "loss is not a text", "write loss = \"10%\""});
      if (!r) return error(where(*v), "loss: " + r.error().message, r.error().hint);
      setup.link.loss = r.value();
    }
    return setup;
  }

  Result<Step> step(const toml::table& t, int number, const config::EnsembleConfig& ensemble) const {
    const Where at = where(t);
    const std::string name = fmt::format("[[step]] {}", number);
    if (auto e = only_keys(t, name,
                           {"config", "do", "until", "within_ms", "title", "narration", "question", "choices", "answer",
                            "explanation", "expect", "focus", "highlight"}))
      return *e;
    Step s;
    s.line = at.line;
    if (const toml::node* n = t.get("config")) {
      auto files = strings(*n, "config");
      if (!files) return files.error();
      for (const auto& [f, w] : files.value()) {
        const std::string p = resolve(f);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(p, ec))
          return error(w, fmt::format("config \"{}\": no such file beside the lab or in the folder above it", f),
                       "give the path from the lab's folder or from the project's folder");
        s.config.push_back(p);
      }
    }
    if (const toml::node* n = t.get("do")) {
      auto lines = strings(*n, "do");
      if (!lines) return lines.error();
      for (const auto& [line, w] : lines.value()) {
        auto a = run::parse_action(line);
        if (!a) return error(w, fmt::format("do \"{}\": {}", line, a.error().message), a.error().hint);
        if (auto bad = run::check_servers(a.value(), ensemble)) return error(w, "do " + bad->message, bad->hint);
        s.actions.push_back(std::move(a.value()));
      }
    }
    if (const toml::node* n = t.get("until")) {
      auto c = conditions(*n, "until", ensemble);
      if (!c) return c.error();
      s.until = std::move(c.value());
    }
    if (const toml::node* n = t.get("within_ms")) {
      auto r = integer(*n, "within_ms", 1, kMaxWithinMs);
      if (!r) return r.error();
      s.within_ms = r.value();
    }
    if (const toml::node* n = t.get("expect")) {
      auto c = conditions(*n, "expect", ensemble);
      if (!c) return c.error();
      s.expect = std::move(c.value());
    }
    for (auto [key, out, required] : {std::tuple{"title", &s.title, false}, std::tuple{"narration", &s.narration, false},
                                      std::tuple{"question", &s.question, false},
                                      std::tuple{"explanation", &s.explanation, false}}) {
      auto r = text(t, key, at, required);
      if (!r) return r.error();
      *out = std::move(r.value());
    }
    if (const toml::node* n = t.get("choices")) {
      const toml::table* langs = n->as_table();
      if (langs == nullptr || !langs->contains("en") || !langs->contains("zh-CN"))
        return error(where(*n), "choices is a list per language", "write choices.en = [\"...\", \"...\"] and choices.zh-CN = [...]");
      if (auto e = only_keys(*langs, "choices", {"en", "zh-CN"})) return *e;
      auto en = strings(*langs->get("en"), "choices.en");
      if (!en) return en.error();
      auto zh = strings(*langs->get("zh-CN"), "choices.zh-CN");
      if (!zh) return zh.error();
      if (en.value().size() != zh.value().size() || en.value().size() < 2)
        return error(where(*n), fmt::format("choices.en has {} and choices.zh-CN {}: give the same choices (2 or more) in both",
                                            en.value().size(), zh.value().size()),
                     "translate every choice");
      for (std::size_t i = 0; i < en.value().size(); ++i) s.choices.push_back(Text{en.value()[i].first, zh.value()[i].first});
    }
    if (const toml::node* n = t.get("answer")) {
      if (s.question.empty()) return error(where(*n), "answer without a question", "add question.en and question.zh-CN");
      if (s.choices.empty()) {
        auto r = integer(*n, "answer", 1, 255);
        if (!r) return r.error();
        if (ensemble.find(r.value()) == nullptr)
          return error(where(*n), fmt::format("answer: there is no server {} in this ensemble", r.value()),
                       "answer with a server id, or give choices and answer with a choice's number");
        s.answer = r.value();
      } else {
        auto r = integer(*n, "answer", 1, static_cast<std::int64_t>(s.choices.size()));
        if (!r) return r.error();
        s.answer = r.value();
      }
    } else if (!s.question.empty()) {
      return error(at, fmt::format("{} asks a question but gives no answer", name), "add answer = SID (or a choice's number)");
    }
    if (!s.choices.empty() && s.question.empty())
      return error(where(*t.get("choices")), "choices without a question", "add question.en and question.zh-CN");
    if (const toml::node* n = t.get("focus")) {
      auto r = sids(*n, "focus");
      if (!r) return r.error();
      for (Sid sid : r.value())
        if (ensemble.find(sid) == nullptr)
          return error(where(*n), fmt::format("focus: there is no server {} in this ensemble", sid), "use one of the ensemble's server ids");
      s.focus = r.value();
    } else {
      std::set<Sid> named;
      for (const run::Action& a : s.actions)
        for (Sid sid : run::sids_of(a)) named.insert(sid);
      for (const Condition& c : s.expect)
        for (Sid sid : sids_of(c.predicate)) named.insert(sid);
      s.focus.assign(named.begin(), named.end());
    }
    if (const toml::node* n = t.get("highlight")) {
      auto r = highlights(*n, ensemble);
      if (!r) return r.error();
      s.highlight = std::move(r.value());
    }
    return s;
  }
};

bool good_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 &&
         std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

}  // namespace

std::optional<Lang> lang_named(std::string_view s) {
  if (s == "en") return Lang::En;
  if (s == "zh-CN" || s == "zh") return Lang::ZhCN;
  return std::nullopt;
}

std::string_view to_string(Lang l) { return l == Lang::ZhCN ? "zh-CN" : "en"; }

Result<Lab> parse_lab(std::string_view toml_text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    Error err{path, static_cast<int>(e.source().begin.line), std::string(e.description()),
              "this is not valid TOML; see https://toml.io (docs/labs.md has a lab to start from)"};
    err.column = static_cast<int>(e.source().begin.column);
    return err;
  }
  const Reader r{path};
  const Where top{1, 1};
  if (auto e = r.only_keys(root, "the lab", {"id", "title", "summary", "ensemble", "step"})) return *e;
  Lab lab;
  lab.path = path;
  const auto* id = root.get_as<std::string>("id");
  if (id == nullptr || !good_id(id->get()))
    return r.error(id ? where(*id) : top, "the lab has no id of lowercase letters, digits and -",
                   "write id = \"five-in-order\" at the top");
  lab.id = id->get();
  auto title = r.text(root, "title", top, true);
  if (!title) return title.error();
  lab.title = std::move(title.value());
  auto summary = r.text(root, "summary", top, false);
  if (!summary) return summary.error();
  lab.summary = std::move(summary.value());
  auto setup = r.ensemble(root);
  if (!setup) return setup.error();
  lab.setup = std::move(setup.value());
  const toml::node* steps = root.get("step");
  const toml::array* arr = steps ? steps->as_array() : nullptr;
  if (arr == nullptr || arr->empty() || !arr->is_array_of_tables())
    return r.error(steps ? where(*steps) : top, "the lab has no steps", "add a [[step]] table with do, until and narration");
  int number = 0;
  bool config_tried = false;
  for (const toml::node& n : *arr) {
    auto s = r.step(*n.as_table(), ++number, lab.setup.ensemble);
    if (!s) return s.error();
    config_tried = config_tried || !s.value().config.empty();
    for (const auto* conds : {&s.value().until, &s.value().expect})
      for (const Condition& c : *conds)
        if (std::holds_alternative<ConfigIs>(c.predicate) && !config_tried)
          return r.error(Where{c.line, c.column}, fmt::format("\"{}\": no step so far has tried a config", c.text),
                         "add config = \"path/to/zoo.cfg\" to this step or an earlier one");
    lab.steps.push_back(std::move(s.value()));
  }
  return lab;
}

Result<Lab> load_lab(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path, 0, "cannot read the file", "check the path (zooscope lab list names the shipped labs)"};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_lab(text.str(), path);
}

}  // namespace zs::lab
