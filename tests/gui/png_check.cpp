// png_check FILE WIDTH HEIGHT [RRGGBB:MIN ...]: exits 0 when the PNG has that size, at least 50
// distinct colours and more than 5 % non-dark pixels (the window drew something), and at
// least MIN pixels of exactly each colour given (e.g. 34b24c:800 = the LEADING green of a
// server's circle; f05a50:40 = a cut link's red).
#include <cstdio>
#include <cstdlib>
#include <map>

#include <stb_image.h>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: png_check FILE WIDTH HEIGHT [RRGGBB:MIN ...]\n");
    return 2;
  }
  const int want_w = std::atoi(argv[2]);
  const int want_h = std::atoi(argv[3]);
  int w = 0;
  int h = 0;
  int channels = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &channels, 3);
  if (px == nullptr) {
    std::fprintf(stderr, "png_check: cannot read %s: %s\n", argv[1], stbi_failure_reason());
    return 1;
  }
  std::map<unsigned, long> counts;
  long bright = 0;
  const long total = static_cast<long>(w) * h;
  for (long i = 0; i < total; ++i) {
    const unsigned char* p = px + i * 3;
    ++counts[static_cast<unsigned>(p[0]) << 16 | static_cast<unsigned>(p[1]) << 8 | p[2]];
    if (p[0] + p[1] + p[2] > 3 * 40) ++bright;
  }
  stbi_image_free(px);
  const std::size_t colours = counts.size();
  const double bright_pct = total > 0 ? 100.0 * static_cast<double>(bright) / static_cast<double>(total) : 0;
  std::printf("png_check: %s: %dx%d, %zu colours, %.1f %% non-dark pixels\n", argv[1], w, h,
              colours, bright_pct);
  bool ok = true;
  if (w != want_w || h != want_h) {
    std::fprintf(stderr, "png_check: size %dx%d, expected %dx%d\n", w, h, want_w, want_h);
    ok = false;
  }
  if (colours < 50) {
    std::fprintf(stderr, "png_check: only %zu colours (< 50): a blank window?\n", colours);
    ok = false;
  }
  if (bright_pct <= 5.0) {
    std::fprintf(stderr, "png_check: only %.1f %% non-dark pixels (<= 5 %%)\n", bright_pct);
    ok = false;
  }
  for (int a = 4; a < argc; ++a) {
    unsigned rgb = 0;
    long min = 0;
    if (std::sscanf(argv[a], "%6x:%ld", &rgb, &min) != 2) {
      std::fprintf(stderr, "png_check: bad colour spec %s (want RRGGBB:MIN)\n", argv[a]);
      return 2;
    }
    const auto it = counts.find(rgb);
    const long n = it == counts.end() ? 0 : it->second;
    std::printf("png_check: %06x: %ld pixels (want >= %ld)\n", rgb, n, min);
    if (n < min) ok = false;
  }
  return ok ? 0 : 1;
}
