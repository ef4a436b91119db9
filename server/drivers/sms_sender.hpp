// Sending sign-in codes by SMS. Production plugs in an SMS gateway; the development
// sender writes each code to the log (event "sms_code_sent"), so a developer or a test
// reads it there.
#pragma once

#include <string>

#include "server/core/model.hpp"

namespace ct::drivers {

class SmsSender {
 public:
  virtual ~SmsSender() = default;
  virtual void send_code(core::Id tenant_id, const std::string& phone, const std::string& code) = 0;
};

class LogSmsSender final : public SmsSender {
 public:
  void send_code(core::Id tenant_id, const std::string& phone, const std::string& code) override;
};

}  // namespace ct::drivers
