// Znode path rules (Z/common/PathUtils.java, reference §4.1).
#pragma once

#include <string_view>

#include "data/errors.hpp"

namespace zs {

// Ok or BadArguments, by PathUtils.validatePath's rules; `path` is UTF-8.
Code validate_path(std::string_view path);

// Everything before the last '/': "/a/b" -> "/a", "/a" -> "" (the root's internal key).
// Precondition: path contains '/'.
std::string_view parent_path(std::string_view path);
// Everything after the last '/'.
std::string_view node_name(std::string_view path);

}  // namespace zs
