// Injection latency of the user-space PIT: from the VMM's host stamp just before it pulses
// IRQ 0 to the host stamp of the first trace record the guest's handler for that tick writes.
#pragma once

#include <cstdint>
#include <vector>

#include "realvm/vmm/run_result.hpp"

namespace vtick::realvm::measure {

struct InjectionSamples {
  std::vector<std::int64_t> latency_ns;  ///< one per tick whose handler wrote a record
  std::size_t unmatched = 0;             ///< such ticks with no pulse stamp, or a stamp after the record
};

/// Only for a user_pit run with the jiffies clock: there, jiffy j is the guest's j-th
/// interrupt, which is the j-th pulse KVM reported delivered (a pulse while the previous one
/// is still unacknowledged comes back coalesced, not delivered), so a record's jiffy names
/// its pulse. Records with a jiffy: clock samples (arg) and firings (due / tick length).
InjectionSamples injection_latencies(const vmm::RunResult& result, std::int64_t tick_ns);

}  // namespace vtick::realvm::measure
