// Whole simulated days produce millions of info events; the tests want warnings only.
#include <gtest/gtest.h>

#include "server/core/log.hpp"

namespace {

class QuietLogs : public ::testing::Environment {
 public:
  void SetUp() override { ct::log::init("warn", "json"); }
};

[[maybe_unused]] auto* const kQuietLogs = ::testing::AddGlobalTestEnvironment(new QuietLogs);

}  // namespace
