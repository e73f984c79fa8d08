// One trace record as the VMM keeps it: the guest's record (realvm/protocol.h) plus the
// host CLOCK_MONOTONIC time of the exit that delivered it.
#pragma once

#include <cstdint>
#include <string_view>

namespace vtick::realvm::vmm {

struct TraceRecord {
  std::int64_t host_ns = 0;    ///< CLOCK_MONOTONIC when the VMM saw the record
  std::uint32_t kind = 0;      ///< enum vtick_trace_kind
  std::uint32_t id = 0;
  std::int64_t guest_ns = 0;   ///< the guest's own clock
  std::int64_t arg = 0;
};

/// "boot", "clock_sample", ... for enum vtick_trace_kind; "unknown" otherwise.
std::string_view trace_kind_name(std::uint32_t kind);

}  // namespace vtick::realvm::vmm
