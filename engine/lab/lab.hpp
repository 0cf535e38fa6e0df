// A lab: a deterministic run of the simulated ensemble cut into steps, each with narration, an
// optional question and checkpoints, in English and 简体中文. Written by a teacher as TOML
// (docs/labs.md), read with toml++:
//
//   id = "five-in-order"
//   title.en = "Five servers start one by one"
//   title.zh-CN = "五台服务器依次启动"
//   [ensemble]
//   servers = 5            # or observers = 1; or config = "assets/ensembles/five-nodes/zoo.cfg"
//   seed = 1               # (or a list of files, one per server)
//   start = []             # servers running at time 0 (default: all)
//   [[step]]
//   do = ["start 1", "start 2"]          # the action language (run/action.hpp)
//   until = "time +3000"                 # or a condition, or a list of them (all must hold)
//   narration.en = "..."  narration.zh-CN = "..."
//   question.en = "..."   question.zh-CN = "..."   answer = 3   (a server, or with
//                                                               choices.en/zh-CN, a choice 1..n)
//   expect = ["server.1 state=LOOKING"]  # conditions checked at the pause (predicate.hpp)
//   config = "files/x/zoo.cfg"          # optional: zoo.cfg files to load and show (see Step)
//   focus = [1, 3]                       # optional: the servers the step is about (halo)
//   highlight = ["rule 3", "votes 3 2"]  # optional: the Votes/Zab cells it is about (pulse):
//                                        #   votes R [S] | rule R | zab Z | ack Z S | commit Z,
//                                        #   Z = 0x… or last (lab/highlight.hpp); without it,
//                                        #   derived from until and expect (view/lab_pulse.hpp)
//
// Loading never throws: a file that cannot be used gets "FILE:LINE:COL: what is wrong".
// Pure: reads files, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "lab/highlight.hpp"
#include "lab/predicate.hpp"
#include "run/action.hpp"
#include "run/run_file.hpp"

namespace zs::lab {

enum class Lang : std::uint8_t { En, ZhCN };
// "en" / "zh-CN"; nullopt for anything else.
std::optional<Lang> lang_named(std::string_view s);
std::string_view to_string(Lang l);

// A text in both languages (a lab has every text in both; lab check says which one is missing).
struct Text {
  std::string en;
  std::string zh;
  const std::string& in(Lang l) const { return l == Lang::ZhCN ? zh : en; }
  bool empty() const { return en.empty() && zh.empty(); }
};

// A condition as written, with where (for messages) and what it means.
struct Condition {
  Predicate predicate;
  std::string text;  // as written
  int line = 0;
  int column = 0;
};

struct Step {
  // zoo.cfg files the step loads as zooscope does (`config = "labs/files/x/zoo.cfg"`), to show
  // what a broken one gives; the run goes on with the lab's own ensemble. A relative dataDir
  // in them is taken beside the file (so their myid files travel with the lab).
  std::vector<std::string> config;
  std::vector<run::Action> actions;  // taken, in order, when the step begins
  std::vector<Condition> until;      // all hold -> the step pauses (empty: it pauses at once)
  Ms within_ms = 120'000;            // a condition not reached this long after the start fails
  Text title;                        // optional: a short name for the step
  Text narration;
  Text question;                     // optional
  std::vector<Text> choices;         // optional: the question's choices
  // The answer: a server id, or with choices the choice's number (1..n). 0 = none.
  std::int64_t answer = 0;
  Text explanation;                  // optional: shown with the answer
  std::vector<Condition> expect;
  // The servers the step is about (halo in the window): `focus = [1, 3]`, or else the servers
  // its actions and conditions name.
  std::vector<Sid> focus;
  // The cells of the Votes and Zab tabs the step is about, as written (`highlight = [...]`);
  // empty: the window derives them from until and expect (view/lab_pulse.hpp).
  std::vector<Highlight> highlight;
  int line = 0;  // where the step's table begins
};

struct Lab {
  std::string id;
  Text title;
  Text summary;  // optional: one paragraph shown before the first step
  run::RunSetup setup;
  std::vector<Step> steps;
  std::string path;  // the file it was read from
};

// Reads and validates a lab. `path` names the file in errors; relative config paths are found
// beside the lab file, then in the folder above it (a lab in labs/ may name
// "assets/ensembles/five-nodes/zoo.cfg"). Errors: "FILE:LINE:COL: what (fix: how)".
Result<Lab> parse_lab(std::string_view toml_text, const std::string& path);
Result<Lab> load_lab(const std::string& path);

}  // namespace zs::lab
