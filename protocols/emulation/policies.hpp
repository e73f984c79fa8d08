#pragma once
// The emulated-timer baseline's lost-tick policies, one per file:
//   discard        - discard.cpp
//   merge          - merge.cpp
//   delay          - delay.cpp (KVM's in-kernel PIT with reinjection)
//   catchup        - catchup.cpp (QEMU's RTC driftfix=slew)
//   catchup_giveup - catchup.cpp (VMware's catch-up with a give-up threshold)
#include <memory>

#include "models/vmm/lost_tick_policy.hpp"
#include "sim/scenario.hpp"

namespace vtick::protocols::emulation {

using models::vmm::LostTickPolicy;
using models::vmm::TimerDevice;
using sim::TimeNs;

/// Raises one interrupt for `newly_due` ended periods and counts the rest, and a raise that
/// coalesced, as lost (what discard and merge share). Returns whether the raise got through.
bool raise_one_for(TimerDevice& device, std::int64_t newly_due);

std::unique_ptr<LostTickPolicy> make_discard();
std::unique_ptr<LostTickPolicy> make_merge();
std::unique_ptr<LostTickPolicy> make_delay();
std::unique_ptr<LostTickPolicy> make_catchup(int max_factor);
std::unique_ptr<LostTickPolicy> make_catchup_giveup(int max_factor, TimeNs giveup_threshold_ns);

/// The policy a scenario's vmm section asks for.
std::unique_ptr<LostTickPolicy> make_lost_tick_policy(const sim::VmmSpec& vmm);

}  // namespace vtick::protocols::emulation
