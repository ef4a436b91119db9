// The DDL of each migration after the first, one file per migration (migrations.cpp
// lists them in order).
#pragma once

namespace ct::store {

const char* billing_schema_ddl();         // 2: tariffs, orders, drivers, wallets, payments
const char* ykc_schema_ddl();             // 3: YKC 1.6 sessions
const char* transaction_reference_ddl();  // 4: transactions.session_ref (YKC serial)
const char* order_charger_amount_ddl();   // 5: orders.charger_amount_e4 (YKC 0x3B total)

}  // namespace ct::store
