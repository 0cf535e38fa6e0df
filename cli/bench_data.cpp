#include "bench_data.hpp"
#include "parse_args.hpp"

#include <malloc.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "data/acl.hpp"
#include "data/data_tree.hpp"
#include "data/txn.hpp"

namespace zs::cli {

namespace {

std::size_t heap_in_use() { return mallinfo2().uordblks; }

// Resident memory, for allocators that do not report to mallinfo2 (sanitizer builds).
std::size_t resident_bytes() {
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<std::size_t>(resident) * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

// A small znode as the tutorials create them: /app-<a>/node-<b> holding 8 bytes; a thousand
// children per parent so no one child list dominates.
std::string path_of(std::size_t i) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "/app-%04zu/node-%06zu", i / 1000, i % 1000);
  return buf;
}

struct Measured {
  bool from_heap = true;  // false: resident memory (the allocator did not report)
  double create_per_s = 0;
  double heap_bytes_per_znode = 0;
  double payload_bytes_per_znode = 0;
};

Measured measure(std::size_t n) {
  const AclList acl = open_acl_unsafe();
  const std::string data = "12345678";
  const std::size_t heap_before = heap_in_use();
  const std::size_t rss_before = resident_bytes();
  std::size_t payload = 0;
  double seconds = 0;
  {
    DataTree tree;
    std::int64_t counter = 0;
    auto apply = [&](const std::string& path) {
      TxnHeader h;
      h.zxid = Zxid::make(1, ++counter);
      h.time = 1700000000000 + counter;
      h.type = opcode::kCreate;
      const auto r = tree.apply(h, CreateTxn{path, data, acl, false, -1});
      if (r.err != Code::Ok) std::fprintf(stderr, "zooscope bench data: create %s failed\n", path.c_str());
    };
    for (std::size_t p = 0; p * 1000 < n; ++p) apply(path_of(p * 1000).substr(0, 9));
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < n; ++i) {
      const std::string path = path_of(i);
      payload += path.size() + data.size();
      apply(path);
    }
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::size_t heap_after = heap_in_use();
    Measured m;
    m.create_per_s = static_cast<double>(n) / seconds;
    std::size_t grown = heap_after > heap_before ? heap_after - heap_before : 0;
    if (grown == 0) {
      m.from_heap = false;
      const std::size_t rss_after = resident_bytes();
      grown = rss_after > rss_before ? rss_after - rss_before : 0;
    }
    m.heap_bytes_per_znode = static_cast<double>(grown) / static_cast<double>(n);
    m.payload_bytes_per_znode = static_cast<double>(payload) / static_cast<double>(n);
    return m;
  }
}

}  // namespace

int run_bench_data(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Measure the data tree on this machine (one thread): creates per second and heap\n"
               "bytes per small znode (a 21-byte path and 8 bytes of data), for 100,000 and\n"
               "1,000,000 znodes. Example:\n  zooscope bench data",
               "zooscope bench data"};
  app.set_help_flag("-h,--help", "Print this help and exit");
  std::vector<std::size_t> sizes{100000, 1000000};
  app.add_option("--znodes", sizes, "How many znodes to create, e.g. --znodes 100000 (default: 100000 and 1000000)")
      ->check(CLI::Range(std::size_t{1000}, std::size_t{10000000}));
  if (const auto code = parse_or_exit(app, argc, argv, "bench data", out, err)) return *code;
  print_data_figures(out, sizes);
  return 0;
}

void print_data_figures(std::ostream& out, const std::vector<std::size_t>& znodes) {
  Measured last;
  for (std::size_t n : znodes) {
    const Measured m = measure(n);
    out << "data.create_per_s_" << n << "=" << static_cast<long long>(m.create_per_s) << "\n";
    out << "data.bytes_per_znode_" << n << "=" << static_cast<long long>(m.heap_bytes_per_znode) << "\n";
    out << "data.overhead_per_znode_" << n << "="
        << static_cast<long long>(m.heap_bytes_per_znode - m.payload_bytes_per_znode) << "\n";
    last = m;
  }
  out << "data.bytes_source=" << (last.from_heap ? "heap" : "resident") << "\n";
  out << "data.create_per_s=" << static_cast<long long>(last.create_per_s) << "\n";
  out << "data.bytes_per_znode=" << static_cast<long long>(last.heap_bytes_per_znode) << "\n";
}

}  // namespace zs::cli
