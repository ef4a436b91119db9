#include "server/drivers/sms_sender.hpp"

#include "server/core/log.hpp"

namespace ct::drivers {

// The development sender: the code goes to the log so that a developer (or a test
// driving a real server) can sign in without an SMS gateway. This is the only place a
// secret is logged on purpose; production wires a gateway-backed SmsSender instead.
void LogSmsSender::send_code(core::Id tenant_id, const std::string& phone,
                             const std::string& code) {
  log::info("sms_code_sent", {{"tenantId", tenant_id}, {"phone", phone}, {"code", code}});
}

}  // namespace ct::drivers
