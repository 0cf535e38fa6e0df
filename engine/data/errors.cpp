#include "data/errors.hpp"

namespace zs {

std::string_view to_string(Code c) {
  switch (c) {
    case Code::Ok: return "OK";
    case Code::SystemError: return "SYSTEMERROR";
    case Code::RuntimeInconsistency: return "RUNTIMEINCONSISTENCY";
    case Code::DataInconsistency: return "DATAINCONSISTENCY";
    case Code::ConnectionLoss: return "CONNECTIONLOSS";
    case Code::MarshallingError: return "MARSHALLINGERROR";
    case Code::Unimplemented: return "UNIMPLEMENTED";
    case Code::OperationTimeout: return "OPERATIONTIMEOUT";
    case Code::BadArguments: return "BADARGUMENTS";
    case Code::UnknownSession: return "UNKNOWNSESSION";
    case Code::NewConfigNoQuorum: return "NEWCONFIGNOQUORUM";
    case Code::ReconfigInProgress: return "RECONFIGINPROGRESS";
    case Code::ApiError: return "APIERROR";
    case Code::NoNode: return "NONODE";
    case Code::NoAuth: return "NOAUTH";
    case Code::BadVersion: return "BADVERSION";
    case Code::NoChildrenForEphemerals: return "NOCHILDRENFOREPHEMERALS";
    case Code::NodeExists: return "NODEEXISTS";
    case Code::NotEmpty: return "NOTEMPTY";
    case Code::SessionExpired: return "SESSIONEXPIRED";
    case Code::InvalidCallback: return "INVALIDCALLBACK";
    case Code::InvalidAcl: return "INVALIDACL";
    case Code::AuthFailed: return "AUTHFAILED";
    case Code::SessionMoved: return "SESSIONMOVED";
    case Code::NotReadOnly: return "NOTREADONLY";
    case Code::EphemeralOnLocalSession: return "EPHEMERALONLOCALSESSION";
    case Code::NoWatcher: return "NOWATCHER";
    case Code::RequestTimeout: return "REQUESTTIMEOUT";
    case Code::ReconfigDisabled: return "RECONFIGDISABLED";
    case Code::SessionClosedRequireSaslAuth: return "SESSIONCLOSEDREQUIRESASLAUTH";
    case Code::QuotaExceeded: return "QUOTAEXCEEDED";
    case Code::Throttled: return "THROTTLEDOP";
  }
  return "UNKNOWN";
}

}  // namespace zs
