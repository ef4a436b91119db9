// The order and payment services' refusals as API errors (one mapping for the operator
// and the app endpoints).
#pragma once

#include <variant>

#include "server/api/error_codes.hpp"
#include "server/orders/order_service.hpp"
#include "server/wallet/payment_service.hpp"

namespace ct::api {

[[noreturn]] void throw_order_error(const orders::OrderError& e);
[[noreturn]] void throw_payment_error(const wallet::PaymentError& e);

template <class T>
T value_or_throw(std::variant<T, orders::OrderError> r) {
  if (auto* e = std::get_if<orders::OrderError>(&r)) throw_order_error(*e);
  return std::move(std::get<T>(r));
}

template <class T>
T value_or_throw(std::variant<T, wallet::PaymentError> r) {
  if (auto* e = std::get_if<wallet::PaymentError>(&r)) throw_payment_error(*e);
  return std::move(std::get<T>(r));
}

}  // namespace ct::api
