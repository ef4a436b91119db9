// The per-process open-file limit: every charger connection is a file descriptor, so a
// process serving (or simulating) thousands of chargers needs the hard limit, not the
// default soft one.
#pragma once

namespace ct::core {

// Raises the soft RLIMIT_NOFILE to the hard limit (logged when that fails).
void raise_open_file_limit();
// The soft limit now; -1 when unlimited or unknown.
int open_file_limit();

}  // namespace ct::core
