// The id-tag decision shared by Authorize, StartTransaction and StopTransaction.
//
// Rules, in order:
//  - no pile row, unbound pile (tenant 0), disabled pile or disabled tenant -> Invalid
//  - tag unknown in the pile's tenant                                      -> Invalid
//  - tag status Blocked                                                    -> Blocked
//  - tag status Expired, or expiry < now                                   -> Expired
//  - any other stored status than Accepted                                 -> Invalid
//  - concurrency check on, and the tag has an active transaction on any
//    pile of the tenant (not counting `exclude_transaction`)               -> ConcurrentTx
//  - otherwise                                                             -> Accepted
// expiryDate and parentIdTag are answered whenever the stored tag has them.
#pragma once

#include <optional>
#include <string>

#include "protocol/ocpp16/messages.hpp"
#include "server/core/ocpp/service_context.hpp"

namespace ct::core {

struct TagCheck {
  bool concurrency = true;  // answer ConcurrentTx for a tag already charging
  // A transaction of this tag that must not count as concurrent (a resent
  // StartTransaction is answered as if its own transaction did not exist yet).
  std::optional<std::int64_t> exclude_transaction;

  static TagCheck without_concurrency() {
    TagCheck c;
    c.concurrency = false;
    return c;
  }
  static TagCheck excluding(std::int64_t transaction_id) {
    TagCheck c;
    c.exclude_transaction = transaction_id;
    return c;
  }
};

ocpp16::IdTagInfo authorize_id_tag(const ServiceContext& ctx, const std::optional<Pile>& pile,
                                   const std::string& id_tag, const TagCheck& check);

// The idTagInfo answered when the decision cannot be made (unknown charger, store
// failure): Invalid, nothing else.
ocpp16::IdTagInfo invalid_id_tag_info();

// Authorize.req handler.
nlohmann::json handle_authorize(const ServiceContext& ctx, const CallContext& call,
                                const ocpp16::AuthorizeRequest& req);

}  // namespace ct::core
