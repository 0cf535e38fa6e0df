// Helpers for the config tests: a fresh directory under /tmp for zoo.cfg and myid files.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "config/config.hpp"

namespace zs::config::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/zs-config-test-XXXXXX";
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to `relative` (creating folders) and returns the full path.
  std::string write(const std::string& relative, const std::string& text) const {
    std::filesystem::path p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    return p.string();
  }
  std::string dir(const std::string& relative) const {
    std::filesystem::path p = path_ / relative;
    std::filesystem::create_directories(p);
    return p.string();
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The three tutorial server lines.
inline const std::string kThreeServers =
    "server.1=127.0.0.1:2888:3888\n"
    "server.2=127.0.0.1:2889:3889\n"
    "server.3=127.0.0.1:2890:3890\n";

// Timing and a dataDir that does not exist, so no myid is found.
inline const std::string kBasics =
    "tickTime=2000\n"
    "initLimit=10\n"
    "syncLimit=5\n"
    "dataDir=/nonexistent/zooscope-test\n";

inline Result<ZooCfg> parse(const std::string& text) {
  return parse_zoo_cfg(text, "zoo.cfg", /*read_myid_file=*/false);
}

// The error text of a parse that must fail ("" and a test failure if it did not).
inline std::string parse_error(const std::string& text) {
  auto r = parse(text);
  EXPECT_FALSE(r.ok()) << "expected an error for:\n" << text;
  return r.ok() ? std::string() : r.error().to_string();
}

inline std::vector<std::string> warning_texts(const std::vector<Warning>& ws) {
  std::vector<std::string> out;
  for (const Warning& w : ws) out.push_back(w.to_string());
  return out;
}

inline std::string sample(const std::string& relative) {
  return std::string(ZS_SOURCE_DIR) + "/assets/ensembles/" + relative;
}

}  // namespace zs::config::test
