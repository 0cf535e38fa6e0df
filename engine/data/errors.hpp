// ZooKeeper's result codes (KeeperException.Code) with their wire values.
#pragma once

#include <cstdint>
#include <string_view>

namespace zs {

enum class Code : std::int32_t {
  Ok = 0,
  SystemError = -1,
  RuntimeInconsistency = -2,
  DataInconsistency = -3,
  ConnectionLoss = -4,
  MarshallingError = -5,
  Unimplemented = -6,
  OperationTimeout = -7,
  BadArguments = -8,
  UnknownSession = -12,
  NewConfigNoQuorum = -13,
  ReconfigInProgress = -14,
  ApiError = -100,
  NoNode = -101,
  NoAuth = -102,
  BadVersion = -103,
  NoChildrenForEphemerals = -108,
  NodeExists = -110,
  NotEmpty = -111,
  SessionExpired = -112,
  InvalidCallback = -113,
  InvalidAcl = -114,
  AuthFailed = -115,
  SessionMoved = -118,
  NotReadOnly = -119,
  EphemeralOnLocalSession = -120,
  NoWatcher = -121,
  RequestTimeout = -122,
  ReconfigDisabled = -123,
  SessionClosedRequireSaslAuth = -124,
  QuotaExceeded = -125,
  Throttled = -127,
};

// The name as KeeperException.Code prints it, e.g. "NONODE", "BADVERSION".
std::string_view to_string(Code c);

}  // namespace zs
