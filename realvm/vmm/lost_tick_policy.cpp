#include "realvm/vmm/lost_tick_policy.hpp"

#include <algorithm>

namespace vtick::realvm::vmm {

std::string_view lost_tick_policy_name(LostTickPolicy policy) {
  switch (policy) {
    case LostTickPolicy::discard: return "discard";
    case LostTickPolicy::delay: return "delay";
  }
  return "unknown";
}

void LostTickAccounting::timer_expired(std::uint64_t expirations) {
  expirations_ += expirations;
  if (policy_ == LostTickPolicy::discard) {
    // Only the latest period can still be delivered on time; the ones missed while this
    // thread was not running, and any still owed from before, are gone.
    discarded_ += owed_ + expirations - 1;
    owed_ = 1;
  } else {
    owed_ += expirations;
  }
  max_owed_ = std::max(max_owed_, owed_);
}

void LostTickAccounting::injected(bool delivered) {
  if (delivered) {
    ++delivered_;
    --owed_;
    return;
  }
  ++coalesced_attempts_;
  if (policy_ == LostTickPolicy::discard) {
    ++discarded_;  // merged into the still-pending previous tick: the guest sees one, not two
    --owed_;
  }
}

void LostTickAccounting::report(Counters& counters) const {
  counters["user_tick.expirations"] = expirations_;
  counters["user_tick.delivered"] = delivered_;
  counters["user_tick.coalesced_attempts"] = coalesced_attempts_;
  counters["user_tick.discarded"] = discarded_;
  counters["user_tick.owed_at_end"] = owed_;
  counters["user_tick.max_owed"] = max_owed_;
}

}  // namespace vtick::realvm::vmm
