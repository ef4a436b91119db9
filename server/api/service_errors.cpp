#include "server/api/service_errors.hpp"

namespace ct::api {

void throw_order_error(const orders::OrderError& e) {
  using C = orders::OrderErrorCode;
  switch (e.code) {
    case C::NotFound: throw ApiError(ErrorCode::kNotFound, e.message + " not found");
    case C::Conflict: throw ApiError(ErrorCode::kStateConflict, e.message);
    case C::PileOffline: throw ApiError(ErrorCode::kPileOffline, e.message);
    case C::NoTariff: throw ApiError(ErrorCode::kNoTariff, e.message);
    case C::InsufficientBalance: throw ApiError(ErrorCode::kInsufficientBalance, e.message);
    case C::UnpaidOrder: throw ApiError(ErrorCode::kUnpaidOrder, e.message);
    case C::Invalid: break;
  }
  throw ApiError(ErrorCode::kInvalidField, e.message, "reason");
}

void throw_payment_error(const wallet::PaymentError& e) {
  using C = wallet::PaymentErrorCode;
  switch (e.code) {
    case C::NotFound: throw ApiError(ErrorCode::kNotFound, e.message + " not found");
    case C::Conflict: throw ApiError(ErrorCode::kStateConflict, e.message);
    case C::InsufficientBalance:
      throw ApiError(ErrorCode::kInsufficientBalance, e.message, e.field);
    case C::UnknownProvider: throw ApiError(ErrorCode::kInvalidField, e.message, "provider");
    case C::Invalid: break;
  }
  throw ApiError(ErrorCode::kInvalidField, e.message, e.field);
}

}  // namespace ct::api
