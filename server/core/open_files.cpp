#include "server/core/open_files.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

#include "server/core/log.hpp"

namespace ct::core {

void raise_open_file_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= lim.rlim_max) return;
  lim.rlim_cur = lim.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &lim) != 0) {
    log::warn("nofile_limit_not_raised", {{"error", std::strerror(errno)}});
  }
}

int open_file_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return -1;
  return lim.rlim_cur == RLIM_INFINITY ? -1 : static_cast<int>(lim.rlim_cur);
}

}  // namespace ct::core
