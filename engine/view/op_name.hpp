// ZooKeeper's name of an opcode (Request.op2String): "create", "setData", "createSession"...
// Apart from payload_words.hpp so the views can call it without the peer's headers.
#pragma once

#include <cstdint>

namespace zs::view {

const char* op_name(std::int32_t op);

}  // namespace zs::view
