// A reader for Java .properties text, as java.util.Properties.load sees it: zoo.cfg is such a
// file, so `dataDir=D:\data` loses its backslash in ZooKeeper and must lose it here too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace zs::config {

// One key/value pair, before any trimming beyond what the Java loader does.
struct PropertyEntry {
  std::string key;    // unescaped; never starts with whitespace
  std::string value;  // unescaped; leading whitespace dropped, trailing whitespace KEPT
  int line = 0;       // 1-based physical line where the entry starts
  // The first escape that Java silently turns into something else than the writer likely
  // meant, e.g. "\I" (becomes "I") or "\t" (becomes a tab) in a Windows path; empty if none.
  // "\\", "\=", "\:", "\#", "\!", "\ " and "\uXXXX" are ordinary and not reported.
  std::string surprising_escape;
};

// Every entry in file order, duplicates included (Properties keeps only the last one; the
// caller decides what to say). Comments (# or ! first), blank lines, `key=value`,
// `key: value`, `key value`, backslash escapes and line continuation as in Java.
// Fails only on a malformed \uXXXX escape, as Java does.
Result<std::vector<PropertyEntry>> read_properties(std::string_view text, const std::string& path);

}  // namespace zs::config
