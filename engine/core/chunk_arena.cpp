#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

#include "core/chunked_store.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace zs {

namespace {
constexpr std::size_t kBlockBytes = std::size_t{2} << 20;
constexpr std::size_t kPiecesPerBlock = kBlockBytes / kArenaPieceBytes;

struct Arena {
  std::mutex mutex;
  std::vector<void*> free_pieces;  // reused last-in first-out: the warmest memory first
  std::size_t blocks = 0;          // mapped for the life of the process
};

// A 2 MiB block aligned to 2 MiB, so the kernel can back it with one huge page.
void* map_block() {
#if defined(__linux__)
  void* p = mmap(nullptr, 2 * kBlockBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t aligned = (start + kBlockBytes - 1) & ~(std::uintptr_t{kBlockBytes} - 1);
  if (aligned > start) munmap(p, aligned - start);
  munmap(reinterpret_cast<void*>(aligned + kBlockBytes), start + 2 * kBlockBytes - aligned - kBlockBytes);
  void* block = reinterpret_cast<void*>(aligned);
#if defined(MADV_HUGEPAGE)
  madvise(block, kBlockBytes, MADV_HUGEPAGE);  // one fault per 2 MiB instead of 512
#endif
  return block;
#else
  void* block = std::aligned_alloc(kBlockBytes, kBlockBytes);
  if (block == nullptr) throw std::bad_alloc();
  return block;
#endif
}
Arena& arena() {
  static Arena a;
  return a;
}
}  // namespace

void* chunk_arena_alloc() {
  Arena& a = arena();
  std::lock_guard lock(a.mutex);
  if (a.free_pieces.empty()) {
    void* block = map_block();
    ++a.blocks;
    // Handed out from the block's start: pieces are pushed in reverse.
    for (std::size_t k = kPiecesPerBlock; k-- > 0;)
      a.free_pieces.push_back(static_cast<unsigned char*>(block) + k * kArenaPieceBytes);
  }
  void* p = a.free_pieces.back();
  a.free_pieces.pop_back();
  return p;
}

void chunk_arena_free(void* piece) noexcept {
  if (piece == nullptr) return;
  Arena& a = arena();
  std::lock_guard lock(a.mutex);
  a.free_pieces.push_back(piece);
}

std::size_t chunk_arena_bytes_in_use() {
  Arena& a = arena();
  std::lock_guard lock(a.mutex);
  return a.blocks * kBlockBytes - a.free_pieces.size() * kArenaPieceBytes;
}

}  // namespace zs
