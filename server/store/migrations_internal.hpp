// The DDL of each migration after the first, one file per migration (migrations.cpp
// lists them in order).
#pragma once

namespace ct::store {

const char* billing_schema_ddl();  // 2: tariffs, orders, drivers, wallets, payments

}  // namespace ct::store
