// `zooscope bench lab` (bench_lab.hpp): for every shipped lab, the wall time to read, validate
// and build its first pause, and to play each step from Next to its pause; each measured
// --runs times, the median kept, and the worst over all labs and steps printed as
// lab.load_ms_max and lab.step_ms_max (targets: 100 ms and 50 ms).
#include "bench_lab.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "assets.hpp"
#include "bench_util.hpp"
#include "lab/lab.hpp"
#include "lab/lab_run.hpp"
#include "parse_args.hpp"

namespace zs::cli {
namespace {

using bench::Clock;
using bench::fixed;

double ms_since(Clock::time_point t0) { return bench::seconds_since(t0) * 1000.0; }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

int run_bench_lab(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Measure the shipped labs on this machine: for each, the wall ms to read, validate and build\n"
               "its first pause (lab.<id>.load_ms) and the worst step from Next to its pause\n"
               "(lab.<id>.step_ms_max, and back_ms_max for Back), each the median of --runs runs; then\n"
               "the worst of all labs: lab.load_ms_max and lab.step_ms_max. Example:\n"
               "  zooscope bench lab --runs 5",
               "zooscope bench lab"};
  app.set_help_flag("-h,--help", "Print this help and exit");
  int runs = 5;
  app.add_option("--runs", runs, "Runs of each lab; the median is kept, e.g. --runs 5 (default 5)")->check(CLI::Range(1, 100));
  if (auto rc = parse_or_exit(app, argc, argv, "bench lab", out, err)) return *rc;

  const auto files = lab_files();
  if (files.empty()) {
    err << "zooscope bench lab: no labs found in " << labs_dir().string() << "\n";
    return 2;
  }
  double load_max = 0, step_max = 0, back_max = 0;
  std::string load_worst, step_worst;
  for (const auto& file : files) {
    std::vector<double> load;
    std::map<std::size_t, std::vector<double>> steps, backs;
    std::string id;
    for (int r = 0; r < runs; ++r) {
      const auto t0 = Clock::now();
      auto lab = lab::load_lab(file.string());
      if (!lab) {
        err << lab.error().to_string() << "\n";
        return 2;
      }
      auto run = std::make_unique<lab::LabRun>(lab.value());
      load.push_back(ms_since(t0));
      id = lab.value().id;
      for (std::size_t k = 1; k <= run->steps(); ++k) {
        const auto t1 = Clock::now();
        run->next();
        steps[k].push_back(ms_since(t1));
      }
      for (std::size_t k = run->steps(); k >= 1; --k) {
        const auto t2 = Clock::now();
        run->back();
        backs[k].push_back(ms_since(t2));
      }
    }
    const double l = median(load);
    double s = 0, b = 0;
    std::size_t worst_step = 0;
    for (auto& [k, v] : steps) {
      if (median(v) > s) {
        s = median(v);
        worst_step = k;
      }
    }
    for (auto& [k, v] : backs) b = std::max(b, median(v));
    out << "lab." << id << ".load_ms=" << fixed(l, 2) << "\n"
        << "lab." << id << ".step_ms_max=" << fixed(s, 2) << " (step " << worst_step << ")\n"
        << "lab." << id << ".back_ms_max=" << fixed(b, 2) << "\n";
    if (l > load_max) {
      load_max = l;
      load_worst = id;
    }
    if (s > step_max) {
      step_max = s;
      step_worst = id + " step " + std::to_string(worst_step);
    }
    back_max = std::max(back_max, b);
  }
  out << "lab.count=" << files.size() << "\n"
      << "lab.load_ms_max=" << fixed(load_max, 2) << " (" << load_worst << ")\n"
      << "lab.step_ms_max=" << fixed(step_max, 2) << " (" << step_worst << ")\n"
      << "lab.back_ms_max=" << fixed(back_max, 2) << "\n";
  return 0;
}

}  // namespace zs::cli
