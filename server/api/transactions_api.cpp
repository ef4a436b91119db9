// Tenant endpoints: charging transactions and their meter samples.
#include "server/api/envelope.hpp"
#include "server/api/handler.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"

namespace ct::api {
namespace {

Reply list_transactions(Call& c) {
  store::TransactionFilter filter;
  filter.pile_id = query_id(c.req.query, "pileId");
  filter.station_id = query_id(c.req.query, "stationId");
  filter.id_tag = query_text(c.req.query, "idTag", 20);
  filter.state = query_enum(c.req.query, "state", {"active", "stopped"});
  filter.from = query_time(c.req.query, "from");
  filter.to = query_time(c.req.query, "to");
  if (filter.from && filter.to && *filter.from > *filter.to) {
    throw ApiError(ErrorCode::kInvalidQuery, "query parameter from must not be after to", "from");
  }
  filter.page = page_of(c.req.query);
  auto p = c.ctx.store.list_transactions(c.scope(), filter);
  return {200, page_json(json_array(p.items, transaction_json), p.total, filter.page.limit,
                         filter.page.offset)};
}

Reply get_transaction(Call& c) {
  auto id = c.id_param("id", "transaction");
  auto t = c.ctx.store.get_transaction(c.scope(), id);
  if (!t) throw_not_found("transaction " + std::to_string(id));
  auto j = transaction_json(*t);
  j["meterSamples"] = json_array(c.ctx.store.list_meter_samples(c.scope(), id), meter_sample_json);
  return {200, j};
}

}  // namespace

void add_transaction_routes(Routes& r) {
  r.add("GET", "/api/v1/transactions", {Access::Tenant, list_transactions});
  r.add("GET", "/api/v1/transactions/{id}", {Access::Tenant, get_transaction});
}

}  // namespace ct::api
