// A fixture for the purity checker's own test: a "pure" header that reads the wall clock.
// tests/CMakeLists.txt requires the checker to reject this folder and name this line.
#pragma once
#include <chrono>

inline long long fixture_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
