// `zooscope lab list|run|check` (lab_command.hpp).
#include "lab_command.hpp"

#include <ostream>

#include <fmt/format.h>

#include "assets.hpp"
#include "parse_args.hpp"

namespace zs::cli {
namespace {

// The few words `lab run` prints around the lab's own texts.
struct Words {
  const char* step;
  const char* question;
  const char* answer;
  const char* server;
  const char* result;
  const char* of;
  const char* checkpoints_ok;
  const char* colon;
};
const Words& words(lab::Lang lang) {
  static const Words en{"step", "question", "answer", "server", "result", "of", "checkpoints ok", ": "};
  static const Words zh{"步骤", "问题", "答案", "服务器", "结果", "/", "个检查点通过", "："};
  return lang == lab::Lang::ZhCN ? zh : en;
}

std::string answer_text(const lab::Step& s, lab::Lang lang) {
  if (!s.choices.empty()) return fmt::format("{}. {}", s.answer, s.choices[static_cast<std::size_t>(s.answer - 1)].in(lang));
  return fmt::format("{} {}", words(lang).server, s.answer);
}

std::string actions_text(const lab::Step& s) {
  std::string out;
  for (const run::Action& a : s.actions) out += (out.empty() ? "" : "; ") + run::to_text(a);
  return out;
}

}  // namespace

Result<std::filesystem::path> find_lab(const std::string& file_or_id) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(file_or_id, ec)) return std::filesystem::path(file_or_id);
  for (const auto& f : lab_files()) {
    if (f.stem() == file_or_id) return f;
    auto lab = lab::load_lab(f.string());
    if (lab && lab.value().id == file_or_id) return f;
  }
  return Error{"", 0, fmt::format("\"{}\" is neither a lab file nor the id of a shipped lab", file_or_id),
               "zooscope lab list names the shipped labs; or give a path to a .toml file"};
}

int print_lab_run(const lab::Lab& lab, lab::Lang lang, std::ostream& out) {
  const Words& w = words(lang);
  out << lab.title.in(lang) << " (" << lab.id << ", " << lab.steps.size() << " " << (lang == lab::Lang::ZhCN ? "步" : "steps")
      << ")\n";
  if (!lab.summary.empty()) out << lab.summary.in(lang) << "\n";
  lab::LabRun run(lab);
  int checks = 0, failed = 0;
  for (std::size_t k = 1; k <= lab.steps.size(); ++k) {
    const lab::Step& s = lab.steps[k - 1];
    out << "\n" << w.step << " " << k << "/" << lab.steps.size();
    if (!s.title.empty()) out << w.colon << s.title.in(lang);
    out << "\n";
    if (!s.actions.empty()) out << "  do: " << actions_text(s) << "\n";
    if (!s.question.empty()) {
      out << "  " << w.question << w.colon << s.question.in(lang) << "\n";
      for (std::size_t c = 0; c < s.choices.size(); ++c) out << "    " << c + 1 << ". " << s.choices[c].in(lang) << "\n";
    }
    const lab::StepOutcome& o = run.next();
    if (o.config) {
      out << "  zoo.cfg:";
      for (const std::string& f : o.config->files) out << " " << f;
      out << "\n    " << (o.config->ok ? std::string("loaded") : o.config->error) << "\n";
      for (const std::string& wtext : o.config->warnings) out << "    warning: " << wtext << "\n";
    }
    out << "  t=" << o.began_ms << " -> " << o.paused_ms << " ms\n";
    if (!s.question.empty()) {
      out << "  " << w.answer << w.colon << answer_text(s, lang) << "\n";
      if (!s.explanation.empty()) out << "  " << s.explanation.in(lang) << "\n";
    }
    if (!s.narration.empty()) out << "  " << s.narration.in(lang) << "\n";
    if (!o.reached) {
      out << "  FAILED: until " << o.not_reached << "\n";
      ++failed;
      ++checks;
    }
    for (const lab::CheckResult& c : o.checks) {
      ++checks;
      if (c.seen.ok) {
        out << "  ok      " << c.condition->text << "\n";
      } else {
        ++failed;
        out << "  FAILED: expected " << c.condition->text << ", got " << c.seen.actual << "\n";
      }
    }
  }
  out << "\n" << w.result << w.colon << (checks - failed) << " " << w.of << " " << checks << " " << w.checkpoints_ok << "\n";
  return failed;
}

int run_lab(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Labs: step-through lessons on the simulated ensemble (docs/labs.md). Examples:\n"
               "  zooscope lab list\n"
               "  zooscope lab run five-in-order --lang zh-CN\n"
               "  zooscope lab check labs/my-lab.toml",
               "zooscope lab"};
  app.set_help_flag("-h,--help", "Print this help and exit");
  app.require_subcommand(1);
  std::string lang_name = "en";
  auto* list = app.add_subcommand("list", "One line per shipped lab: its id and title");
  list->add_option("--lang", lang_name, "Language of the titles: en or zh-CN")->check(CLI::IsMember({"en", "zh-CN"}));
  std::string target;
  auto* run = app.add_subcommand("run", "Play a lab headless: narration, questions, answers and checkpoints");
  run->add_option("lab", target, "A lab file, or the id of a shipped lab")->required();
  run->add_option("--lang", lang_name, "Language of the texts: en or zh-CN")->check(CLI::IsMember({"en", "zh-CN"}));
  std::vector<std::string> check_files;
  auto* check = app.add_subcommand("check", "Validate lab files without running them");
  check->add_option("lab", check_files, "Lab files (or ids of shipped labs)")->required();
  if (auto rc = parse_or_exit(app, argc, argv, "lab", out, err)) return *rc;
  const lab::Lang lang = lab::lang_named(lang_name).value_or(lab::Lang::En);

  if (list->parsed()) {
    const auto files = lab_files();
    if (files.empty()) {
      err << "zooscope lab: no labs found in " << labs_dir().string() << "\n";
      return 2;
    }
    int bad = 0;
    for (const auto& f : files) {
      auto lab = lab::load_lab(f.string());
      if (!lab) {
        err << lab.error().to_string() << "\n";
        ++bad;
        continue;
      }
      out << fmt::format("{:<22} {}\n", lab.value().id, lab.value().title.in(lang));
    }
    return bad == 0 ? 0 : 2;
  }
  if (run->parsed()) {
    auto path = find_lab(target);
    if (!path) {
      err << "zooscope lab run: " << path.error().to_string() << "\n";
      return 2;
    }
    auto lab = lab::load_lab(path.value().string());
    if (!lab) {
      err << lab.error().to_string() << "\n";
      return 2;
    }
    return print_lab_run(lab.value(), lang, out) == 0 ? 0 : 1;
  }
  int bad = 0;
  for (const std::string& f : check_files) {
    auto path = find_lab(f);
    if (!path) {
      err << "zooscope lab check: " << path.error().to_string() << "\n";
      ++bad;
      continue;
    }
    auto lab = lab::load_lab(path.value().string());
    if (!lab) {
      err << lab.error().to_string() << "\n";
      ++bad;
      continue;
    }
    std::size_t checks = 0;
    for (const lab::Step& s : lab.value().steps) checks += s.expect.size();
    out << path.value().string() << ": ok (" << lab.value().id << ", " << lab.value().steps.size() << " steps, " << checks
        << " checkpoints)\n";
  }
  return bad == 0 ? 0 : 2;
}

}  // namespace zs::cli
