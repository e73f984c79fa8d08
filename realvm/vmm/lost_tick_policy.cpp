#include "realvm/vmm/lost_tick_policy.hpp"

#include <algorithm>

namespace vtick::realvm::vmm {

std::string_view lost_tick_policy_name(LostTickPolicy policy) {
  switch (policy) {
    case LostTickPolicy::discard: return "discard";
    case LostTickPolicy::delay: return "delay";
    case LostTickPolicy::merge: return "merge";
    case LostTickPolicy::catchup: return "catchup";
    case LostTickPolicy::catchup_giveup: return "catchup_giveup";
  }
  return "unknown";
}

void LostTickAccounting::timer_expired(std::uint64_t expirations) {
  expirations_ += expirations;
  if (keeps_backlog()) {
    // A tick already owed, or more than one new one, means some wait for a later chance.
    waited_ = waited_ || owed_ > 0 || expirations > 1;
    owed_ += expirations;
    max_owed_ = std::max(max_owed_, owed_);
    if (policy_ == LostTickPolicy::catchup_giveup && static_cast<std::int64_t>(owed_) * period_ns_ > giveup_threshold_ns_) {
      discarded_ += owed_;
      owed_ = 0;
      ++gave_up_;
      waited_ = false;
    }
    return;
  }
  // discard and merge: only the latest period can still be delivered on time; the ones
  // missed while this thread was not running, and any still owed from before, are gone.
  discarded_ += owed_ + expirations - 1;
  newly_due_ = owed_ + expirations;
  owed_ = 1;
  max_owed_ = std::max(max_owed_, owed_);
}

void LostTickAccounting::injected(bool delivered) {
  if (delivered) {
    ++delivered_;
    --owed_;
    if (policy_ == LostTickPolicy::merge) {
      merged_ += newly_due_ - 1;  // already counted discarded too: a tick-counting guest cannot see them
    }
    if (keeps_backlog()) {
      reinjected_ += waited_ ? 1 : 0;
      waited_ = owed_ > 0;  // the rest of a backlog has waited by definition
    }
    return;
  }
  ++coalesced_attempts_;
  if (keeps_backlog()) {
    waited_ = true;
  } else {
    ++discarded_;  // merged into the still-pending previous tick: the guest sees one, not two
    --owed_;
  }
}

void LostTickAccounting::report(Counters& counters) const {
  counters["user_tick.expirations"] = expirations_;
  counters["user_tick.delivered"] = delivered_;
  counters["user_tick.coalesced_attempts"] = coalesced_attempts_;
  counters["user_tick.discarded"] = discarded_;
  counters["user_tick.merged"] = merged_;
  counters["user_tick.reinjected"] = reinjected_;
  counters["user_tick.gave_up"] = gave_up_;
  counters["user_tick.owed_at_end"] = owed_;
  counters["user_tick.max_owed"] = max_owed_;
}

}  // namespace vtick::realvm::vmm
