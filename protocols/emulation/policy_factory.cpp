#include <stdexcept>

#include "protocols/emulation/policies.hpp"

namespace vtick::protocols::emulation {

std::unique_ptr<LostTickPolicy> make_lost_tick_policy(const sim::VmmSpec& vmm) {
  using enum sim::LostTickPolicyKind;
  switch (vmm.lost_tick_policy) {
    case Discard: return make_discard();
    case Merge: return make_merge();
    case Delay: return make_delay();
    case Catchup: return make_catchup(vmm.catchup_max_factor);
    case CatchupGiveup: return make_catchup_giveup(vmm.catchup_max_factor, vmm.giveup_threshold_ns);
  }
  throw std::logic_error("unknown lost-tick policy");
}

}  // namespace vtick::protocols::emulation
