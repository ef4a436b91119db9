#include "server/orders/order.hpp"

namespace ct::orders {

const char* to_string(StartMethod m) {
  return m == StartMethod::App ? "app" : "card";
}

std::optional<StartMethod> start_method_from_string(const std::string& s) {
  if (s == "app") return StartMethod::App;
  if (s == "card") return StartMethod::Card;
  return std::nullopt;
}

bool Order::has_flag(const std::string& flag) const {
  std::size_t at = 0;
  while (at <= flags.size()) {
    auto comma = flags.find(',', at);
    if (comma == std::string::npos) comma = flags.size();
    if (flags.compare(at, comma - at, flag) == 0 && comma - at == flag.size()) return true;
    at = comma + 1;
  }
  return false;
}

void Order::add_flag(const std::string& flag) {
  if (has_flag(flag)) return;
  flags += flags.empty() ? flag : "," + flag;
}

}  // namespace ct::orders
