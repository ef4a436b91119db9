#include "server/drivers/access_tokens.hpp"

namespace ct::drivers {

const char* to_string(TokenProblem p) {
  switch (p) {
    case TokenProblem::Malformed: return "malformed";
    case TokenProblem::BadSignature: return "bad_signature";
    case TokenProblem::Expired: return "expired";
    case TokenProblem::Revoked: return "revoked";
  }
  return "unknown";
}

}  // namespace ct::drivers
