// Open endpoints of the payment providers: the notification endpoint a provider calls
// (signed; answered in the provider's own format so that it stops repeating), and the
// sandbox provider's payment page, where a developer, a test or the twin "pays".
#include "server/api/envelope.hpp"
#include "server/api/handler.hpp"
#include "server/wallet/payment_service.hpp"
#include "server/wallet/sandbox_provider.hpp"

namespace ct::api {
namespace {

Reply notify(Call& c) {
  const auto& provider = c.param("provider");
  auto answer = c.services().payments.handle_notice(provider, c.req.headers, c.req.body);
  HttpResponse r;
  r.status = answer.status;
  r.content_type = answer.content_type;
  r.body = answer.body;
  return {answer.status, nullptr, r};
}

// POST /api/v1/sandbox/pay/{providerOrderId} {"result":"success"|"fail"}: the driver
// confirms (or declines) in the sandbox's payment page.
Reply sandbox_pay(Call& c) {
  auto* p = c.services().payments.provider(wallet::SandboxProvider::kName);
  auto* sandbox = dynamic_cast<wallet::SandboxProvider*>(p);
  if (sandbox == nullptr) throw_not_found("sandbox payment provider");
  auto f = c.body();
  auto result = f.opt_enum("result", {"success", "fail"}).value_or("success");
  f.reject_unknown();
  const auto& id = c.param("providerOrderId");
  if (!sandbox->pay(id, result == "success")) {
    throw ApiError(ErrorCode::kStateConflict,
                   "sandbox payment " + id + " is unknown or was already paid or declined");
  }
  return {202, {{"providerOrderId", id}, {"result", result}, {"notification", "scheduled"}}};
}

}  // namespace

void add_payment_routes(Routes& r) {
  r.add("POST", "/api/v1/payments/notify/{provider}", {Access::Public, notify});
  r.add("POST", "/api/v1/sandbox/pay/{providerOrderId}", {Access::Public, sandbox_pay});
}

}  // namespace ct::api
