// Checks what a frame drew on its canvases (zooscope --labels-rects FILE): that a viewer can
// read it. Usage:
//   labels_check FILE [--window W] [--no-overlap] [--not-cut] [--count REGEX N]...
// --no-overlap: no placed label covers another or a server's circle; --not-cut: no label runs
// past its pane; --count: at least N texts of the window match REGEX (ECMAScript, whole text).
// Prints what fails and exits 1.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "views/text_sink.hpp"

namespace {

bool parse(const std::string& line, zs::gui::DrawnText& t) {
  const auto bar = line.find(" | ");
  if (bar == std::string::npos) return false;
  std::istringstream in(line.substr(0, bar));
  std::string kind;
  std::string cut;
  in >> t.window >> kind >> t.min.x >> t.min.y >> t.max.x >> t.max.y;
  if (!in) return false;
  in >> cut;
  t.cut = cut == "cut";
  t.kind = kind == "label" ? zs::gui::DrawnKind::Label : kind == "circle" ? zs::gui::DrawnKind::Circle : zs::gui::DrawnKind::Text;
  t.text = line.substr(bar + 3);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: labels_check FILE [--window W] [--no-overlap] [--not-cut] [--count REGEX N]...\n";
    return 2;
  }
  std::ifstream file(argv[1]);
  if (!file) {
    std::cerr << "labels_check: cannot read " << argv[1] << "\n";
    return 2;
  }
  std::vector<zs::gui::DrawnText> all;
  for (std::string line; std::getline(file, line);) {
    zs::gui::DrawnText t;
    if (!parse(line, t)) {
      std::cerr << "labels_check: not a --labels-rects line: " << line << "\n";
      return 2;
    }
    all.push_back(std::move(t));
  }
  std::string window;
  bool no_overlap = false;
  bool not_cut = false;
  std::vector<std::pair<std::string, int>> counts;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--window" && i + 1 < argc) window = argv[++i];
    else if (a == "--no-overlap") no_overlap = true;
    else if (a == "--not-cut") not_cut = true;
    else if (a == "--count" && i + 2 < argc) {
      counts.emplace_back(argv[i + 1], std::stoi(argv[i + 2]));
      i += 2;
    } else {
      std::cerr << "labels_check: unknown argument " << a << "\n";
      return 2;
    }
  }
  std::vector<zs::gui::DrawnText> items;
  for (auto& t : all)
    if (window.empty() || t.window == window) items.push_back(t);
  if (items.empty()) {
    std::cerr << "labels_check: nothing drawn" << (window.empty() ? "" : " in " + window) << "\n";
    return 1;
  }
  int failed = 0;
  if (no_overlap) {
    for (const auto& [i, j] : zs::gui::overlapping_labels(items)) {
      std::cerr << "overlap: \"" << items[i].text << "\" and "
                << (items[j].text.empty() ? std::string("a circle") : "\"" + items[j].text + "\"") << "\n";
      ++failed;
    }
  }
  if (not_cut) {
    for (const auto& t : items) {
      if (t.kind == zs::gui::DrawnKind::Label && t.cut) {
        std::cerr << "cut at the pane's edge: \"" << t.text << "\"\n";
        ++failed;
      }
    }
  }
  for (const auto& [pattern, want] : counts) {
    const std::regex re(pattern);
    int n = 0;
    for (const auto& t : items) n += std::regex_match(t.text, re) ? 1 : 0;
    if (n < want) {
      std::cerr << "only " << n << " texts match /" << pattern << "/, want " << want << "\n";
      ++failed;
    }
  }
  std::cout << items.size() << " texts checked, " << failed << " problems\n";
  return failed == 0 ? 0 : 1;
}
