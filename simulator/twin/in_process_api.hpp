// The CSMS's REST API for the in-process twin: each call goes straight into the core's
// ApiRouter (no sockets), parsed the way the HTTP edge parses a request target.
#pragma once

#include "simulator/csms_api.hpp"

namespace ct::node {
class CsmsCore;
}

namespace ct::sim {

CsmsApi in_process_csms_api(node::CsmsCore& core);

}  // namespace ct::sim
