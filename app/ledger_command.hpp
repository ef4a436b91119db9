// `chargetwin ledger verify`: every wallet's cached balances against its journal.
#pragma once

#include <string>

namespace ct::app {

// Prints the check; 0 when every wallet agrees and every entry balances, 1 otherwise,
// 2 when the database cannot be opened.
int run_ledger_verify(const std::string& db_path);

}  // namespace ct::app
