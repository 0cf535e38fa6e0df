#include "bench_recording.hpp"

#include <fmt/format.h>
#include <malloc.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "attach/recording.hpp"
#include "core/prng.hpp"
#include "parse_args.hpp"

namespace zs::cli {
namespace {

// Heap bytes in use (what the recording holds, not what the allocator kept after a free).
std::size_t heap_in_use() { return mallinfo2().uordblks; }

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

}  // namespace

int run_bench_recording(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Measure an attach recording (zooscope attach --record FILE): its size per hour, the time to open it "
               "(read, parse, replay once, checkpoints), memory, and the time to show one moment when seeking at "
               "random and when playing forward (10 steps per recorded second). Prints one name=value line per "
               "figure. Example:\n  zooscope bench recording lesson.jsonl.gz",
               "zooscope bench recording"};
  app.set_help_flag("-h,--help", "Print this help and exit");
  std::string path;
  int seeks = 2000;
  int opens = 3;
  app.add_option("file", path, "The recording")->required();
  app.add_option("--seeks", seeks, "Random moments to show (default 2000)")->check(CLI::Range(1, 1000000));
  app.add_option("--opens", opens, "Times to open it; the median is printed (default 3)")->check(CLI::Range(1, 100));
  if (auto rc = parse_or_exit(app, argc, argv, "bench recording", out, err)) return *rc;

  std::vector<double> open_ms;
  std::optional<attach::Recording> rec;
  std::size_t heap_before = 0;
  for (int i = 0; i < opens; ++i) {
    rec.reset();
    heap_before = heap_in_use();
    const auto t0 = std::chrono::steady_clock::now();
    auto r = attach::Recording::open(path);
    open_ms.push_back(ms_since(t0));
    if (!r) {
      err << "zooscope bench recording: " << r.error().to_string() << "\n";
      return 2;
    }
    rec.emplace(std::move(r.value()));
  }
  attach::Recording& r = *rec;
  const std::size_t heap_open = heap_in_use();
  const double span_s = static_cast<double>(r.end_ms() - r.begin_ms()) / 1000.0;
  const auto file_bytes = std::filesystem::file_size(path);

  Prng prng(1);  // the same moments every run
  std::vector<double> seek_ms;
  for (int i = 0; i < seeks; ++i) {
    const std::int64_t at = prng.range_inclusive(r.begin_ms(), r.end_ms());
    const auto t0 = std::chrono::steady_clock::now();
    auto o = r.at(at);
    seek_ms.push_back(ms_since(t0));
    if (!o) return 1;
  }
  std::vector<double> play_ms;
  for (std::int64_t at = r.begin_ms(); at <= r.end_ms(); at += 100) {
    const auto t0 = std::chrono::steady_clock::now();
    auto o = r.at(at);
    play_ms.push_back(ms_since(t0));
  }
  const std::size_t heap_after = heap_in_use();

  out << fmt::format("file_bytes={}\n", file_bytes);
  out << fmt::format("lines={}\n", r.lines());
  out << fmt::format("span_s={:.1f}\n", span_s);
  out << fmt::format("changes={}\n", r.events().size());
  out << fmt::format("file_mb_per_hour={:.1f}\n", span_s > 0 ? static_cast<double>(file_bytes) / 1e6 * 3600.0 / span_s : 0.0);
  out << fmt::format("open_ms_median={:.1f}\n", quantile(open_ms, 0.5));
  out << fmt::format("open_heap_mb={:.1f}\n", static_cast<double>(heap_open > heap_before ? heap_open - heap_before : 0) / 1e6);
  out << fmt::format("seek_random_ms_p50={:.3f}\n", quantile(seek_ms, 0.5));
  out << fmt::format("seek_random_ms_p99={:.3f}\n", quantile(seek_ms, 0.99));
  out << fmt::format("play_step_ms_p50={:.3f}\n", quantile(play_ms, 0.5));
  out << fmt::format("play_step_ms_p99={:.3f}\n", quantile(play_ms, 0.99));
  out << fmt::format("heap_after_scrub_mb={:.1f}\n", static_cast<double>(heap_after > heap_before ? heap_after - heap_before : 0) / 1e6);
  return 0;
}

}  // namespace zs::cli
