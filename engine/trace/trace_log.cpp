#include "trace/trace_log.hpp"

#include <cstdlib>
#include <mutex>
#include <new>
#include <ostream>
#include <string>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace zs {

namespace {
// Freed chunks wait here for the next trace (tests and benchmarks build many simulators),
// so their pages are already mapped: a fresh mapping costs a page fault per page touched.
constexpr std::size_t kPoolMaxChunks = 16;  // 32 MiB kept at most
std::mutex g_pool_mutex;
struct ChunkPool {
  std::vector<TraceEvent*> chunks;
  ~ChunkPool() {
    for (TraceEvent* c : chunks) std::free(c);
  }
};
std::vector<TraceEvent*>& pool() {
  static ChunkPool p;
  return p.chunks;
}
}  // namespace

TraceLog::~TraceLog() {
  std::lock_guard lock(g_pool_mutex);
  for (TraceEvent* c : chunks_) {
    if (pool().size() < kPoolMaxChunks)
      pool().push_back(c);
    else
      std::free(c);
  }
}

void TraceLog::add_chunk() {
  {
    std::lock_guard lock(g_pool_mutex);
    if (!pool().empty()) {
      chunks_.push_back(pool().back());
      pool().pop_back();
      return;
    }
  }
  void* p = std::aligned_alloc(kChunkBytes, kChunkBytes);
  if (p == nullptr) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
  // One huge page instead of 512 small ones: on a VM each first touch of a page is
  // expensive, and a long run's trace grows by hundreds of MB per second of simulation.
  madvise(p, kChunkBytes, MADV_HUGEPAGE);
#endif
  chunks_.push_back(static_cast<TraceEvent*>(p));
}

void write_jsonl(std::ostream& out, const TraceLog& events, const TraceContext& ctx) {
  JsonlWriter w(out, ctx);
  for (const TraceEvent& e : events) w.write(e);
}

}  // namespace zs
