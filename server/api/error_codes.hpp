// The API's business error codes: one table, documented in docs/api.md. Each code
// belongs to exactly one HTTP status (its first three digits).
#pragma once

#include <stdexcept>
#include <string>

namespace ct::api {

enum class ErrorCode : int {
  kInvalidJson = 40001,            // body is not a JSON object
  kMissingField = 40002,           // a required body field is absent
  kInvalidField = 40003,           // a body field has the wrong type, length, format or range
  kUnknownField = 40004,           // a body field this endpoint does not accept (typo guard)
  kInvalidQuery = 40005,           // a query parameter (limit, offset, filter) is invalid
  kMissingToken = 40101,           // no "Authorization: Bearer <token>" header
  kInvalidToken = 40102,           // token not recognised
  kTokenRevoked = 40103,           // tenant token was revoked
  kTenantDisabled = 40104,         // token's tenant is disabled
  kChargerAuthFailed = 40105,      // OCPP handshake: HTTP Basic credentials missing or wrong
  kDriverTokenInvalid = 40111,     // app access token malformed, altered or of another key
  kDriverTokenExpired = 40112,     // app access token expired: refresh it
  kDriverTokenRevoked = 40113,     // app access token revoked (logout, account deleted)
  kSignInFailed = 40114,           // wrong, expired or used SMS code; bad refresh token
  kInsufficientBalance = 40201,    // wallet below what the operation needs (recharge)
  kUnpaidOrder = 40202,            // an earlier order is unpaid (pay it first)
  kDriverOnly = 40303,             // a tenant/platform token on an app endpoint
  kPlatformOnly = 40301,           // tenant token on a platform endpoint
  kTenantOnly = 40302,             // platform token on a tenant endpoint
  kNotFound = 40401,               // resource does not exist (or belongs to another tenant)
  kRouteNotFound = 40402,          // no such endpoint
  kMethodNotAllowed = 40501,       // endpoint exists, method does not (see Allow header)
  kDuplicate = 40901,              // unique key already taken
  kStateConflict = 40902,          // current state forbids the operation
  kInUse = 40903,                  // resource still has dependents (station with piles)
  kUnsupportedByProtocol = 42201,  // command has no equivalent in the pile's protocol
  kNoTariff = 42202,               // no tariff prices this pile or station
  kBadSignature = 42203,           // payment notification with a wrong signature or amount
  kTooManyRequests = 42901,        // rate limit (SMS codes)
  kInternal = 50001,               // unexpected server failure (details in the server log)
  kPileOffline = 50301,            // pile has no live connection on this node
};

// HTTP status of a business code: its first three digits.
inline int http_status_of(ErrorCode c) {
  return static_cast<int>(c) / 100;
}

// Thrown by handlers; the router turns it into the error envelope.
class ApiError : public std::runtime_error {
 public:
  ApiError(ErrorCode code, std::string message, std::string field = {})
      : std::runtime_error(message), code_(code), field_(std::move(field)) {}
  ErrorCode code() const { return code_; }
  int status() const { return http_status_of(code_); }
  const std::string& field() const { return field_; }

 private:
  ErrorCode code_;
  std::string field_;
};

}  // namespace ct::api
