#include "models/guest/timer_wheel.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace vtick::models::guest {
namespace {
/// Linux's clamp for 64-bit jiffies: a farther timer is placed as if exactly this far. Any
/// placement at or below the right level only cascades early (the timer is placed again then),
/// so the clamp does not change when timers run; it is kept so cascade work mirrors Linux.
constexpr Jiffies kMaxDistance = 0xffffffffULL;

constexpr unsigned level_shift(std::size_t level) { return 8 + 6 * static_cast<unsigned>(level); }
}  // namespace

TimerWheel::TimerWheel(Jiffies now) : next_tick_(now + 1) {}

TimerId TimerWheel::create_timer() {
  timers_.emplace_back();
  return static_cast<TimerId>(timers_.size() - 1);
}

void TimerWheel::add(TimerId id, Jiffies expires) {
  if (timer(id).active) throw std::logic_error("TimerWheel::add: timer already active");
  arm(id, expires);
}

bool TimerWheel::mod(TimerId id, Jiffies expires) {
  const bool was_active = del(id);
  arm(id, expires);
  return was_active;
}

bool TimerWheel::del(TimerId id) {
  if (!timer(id).active) return false;
  unlink(id);
  disarm(id);
  return true;
}

bool TimerWheel::active(TimerId id) const { return timer(id).active; }

Jiffies TimerWheel::expires(TimerId id) const {
  const Timer& t = timer(id);
  if (!t.active) throw std::logic_error("TimerWheel::expires: timer inactive");
  return t.expires;
}

void TimerWheel::advance_to(Jiffies now, std::vector<TimerId>& expired) {
  if (now < this->now()) throw std::logic_error("TimerWheel::advance_to: time went backwards");
  for (;;) {
    const std::optional<Jiffies> tick = next_busy_tick();
    if (!tick || *tick > now) break;
    // Ticks before *tick have nothing to run or cascade, so running them would change nothing.
    next_tick_ = *tick;
    run_tick(expired);
  }
  next_tick_ = now + 1;
}

std::optional<Jiffies> TimerWheel::next_expiry() const {
  std::optional<Jiffies> earliest;
  for (std::size_t word = 0; word < occupied_.size(); ++word) {
    for (std::uint64_t bits = occupied_[word]; bits != 0; bits &= bits - 1) {
      const std::size_t slot = word * 64 + static_cast<std::size_t>(std::countr_zero(bits));
      for (TimerId id = slots_[slot].first; id != kNil; id = timers_[id].next) {
        if (!earliest || timers_[id].expires < *earliest) earliest = timers_[id].expires;
      }
    }
  }
  return earliest;
}

TimerWheel::Timer& TimerWheel::timer(TimerId id) { return timers_.at(id); }

const TimerWheel::Timer& TimerWheel::timer(TimerId id) const { return timers_.at(id); }

void TimerWheel::arm(TimerId id, Jiffies expires) {
  Timer& t = timer(id);
  t.expires = expires;
  t.sequence = next_sequence_++;
  t.active = true;
  ++active_count_;
  link(id);
}

void TimerWheel::disarm(TimerId id) {
  timers_[id].active = false;
  --active_count_;
}

// Linux's internal_add_timer, relative to the next tick to run.
std::size_t TimerWheel::slot_for(Jiffies expires) const {
  if (expires < next_tick_) return next_tick_ % kRootSlots;  // overdue: run at the next tick
  const Jiffies distance = std::min(expires - next_tick_, kMaxDistance);
  if (distance < kRootSlots) return expires % kRootSlots;
  const Jiffies placed = next_tick_ + distance;
  std::size_t level = 0;
  while (level + 1 < kUpperLevels && distance >> level_shift(level + 1) != 0) ++level;
  return kRootSlots + level * kLevelSlots + ((placed >> level_shift(level)) % kLevelSlots);
}

void TimerWheel::link(TimerId id) {
  const std::size_t slot = slot_for(timers_[id].expires);
  Slot& s = slots_[slot];
  Timer& t = timers_[id];
  t.slot = static_cast<std::uint16_t>(slot);
  t.prev = s.last;
  t.next = kNil;
  (s.last == kNil ? s.first : timers_[s.last].next) = id;
  s.last = id;
  occupied_[slot / 64] |= std::uint64_t{1} << (slot % 64);
}

void TimerWheel::unlink(TimerId id) {
  const Timer& t = timers_[id];
  Slot& s = slots_[t.slot];
  (t.prev == kNil ? s.first : timers_[t.prev].next) = t.next;
  (t.next == kNil ? s.last : timers_[t.next].prev) = t.prev;
  if (s.first == kNil) occupied_[t.slot / 64] &= ~(std::uint64_t{1} << (t.slot % 64));
}

// Detaches a whole slot in O(1); the timers' own next links still chain the list.
TimerId TimerWheel::take_slot(std::size_t slot) {
  const TimerId first = slots_[slot].first;
  slots_[slot] = Slot{};
  occupied_[slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
  return first;
}

// Linux's cascade(): re-place every timer of one upper slot relative to the current tick.
void TimerWheel::cascade(std::size_t level, std::size_t index) {
  for (TimerId id = take_slot(kRootSlots + level * kLevelSlots + index); id != kNil;) {
    const TimerId next = timers_[id].next;
    link(id);
    id = next;
  }
}

// One iteration of Linux's __run_timers loop. A level cascades only when every level below
// has wrapped to index 0, exactly like the short-circuited cascade() chain there.
void TimerWheel::run_tick(std::vector<TimerId>& expired) {
  if (next_tick_ % kRootSlots == 0) {
    for (std::size_t level = 0; level < kUpperLevels; ++level) {
      const std::size_t index = (next_tick_ >> level_shift(level)) % kLevelSlots;
      cascade(level, index);
      if (index != 0) break;
    }
  }
  const std::size_t begin = expired.size();
  for (TimerId id = take_slot(next_tick_ % kRootSlots); id != kNil; id = timers_[id].next) {
    disarm(id);
    expired.push_back(id);
  }
  const auto runs_before = [this](TimerId a, TimerId b) {
    const Timer& ta = timers_[a];
    const Timer& tb = timers_[b];
    return ta.expires != tb.expires ? ta.expires < tb.expires : ta.sequence < tb.sequence;
  };
  std::sort(expired.begin() + static_cast<std::ptrdiff_t>(begin), expired.end(), runs_before);
  ++next_tick_;
}

// Distance from next_tick_ to the first occupied tv1 slot, scanning cyclically.
std::optional<std::size_t> TimerWheel::next_root_offset() const {
  const std::size_t start = next_tick_ % kRootSlots;
  const std::size_t first_word = start / 64;
  const std::uint64_t at_or_after_start = ~std::uint64_t{0} << (start % 64);
  for (std::size_t k = 0; k <= kRootWords; ++k) {
    const std::size_t word = (first_word + k) % kRootWords;
    std::uint64_t bits = occupied_[word];
    if (k == 0) bits &= at_or_after_start;
    if (k == kRootWords) bits &= ~at_or_after_start;  // wrapped back: only bits before start
    if (bits != 0) {
      const std::size_t slot = word * 64 + static_cast<std::size_t>(std::countr_zero(bits));
      return (slot + kRootSlots - start) % kRootSlots;
    }
  }
  return std::nullopt;
}

// The level cascades at ticks that are multiples of 2^shift, visiting its slots in rotation;
// a timer's slot is always visited at or before its expiry (see the class invariants), so the
// first occupied slot in rotation order is the next cascade that moves anything.
std::optional<Jiffies> TimerWheel::next_cascade(std::size_t level) const {
  const std::uint64_t bits = occupied_[kRootWords + level];
  if (bits == 0) return std::nullopt;
  const unsigned shift = level_shift(level);
  const Jiffies step = Jiffies{1} << shift;
  const Jiffies first = (next_tick_ + step - 1) & ~(step - 1);
  const auto index = static_cast<int>((first >> shift) % kLevelSlots);
  const auto offset = static_cast<Jiffies>(std::countr_zero(std::rotr(bits, index)));
  return first + (offset << shift);
}

std::optional<Jiffies> TimerWheel::next_busy_tick() const {
  std::optional<Jiffies> earliest;
  if (const std::optional<std::size_t> offset = next_root_offset()) earliest = next_tick_ + *offset;
  for (std::size_t level = 0; level < kUpperLevels; ++level) {
    const std::optional<Jiffies> tick = next_cascade(level);
    if (tick && (!earliest || *tick < *earliest)) earliest = tick;
  }
  return earliest;
}

}  // namespace vtick::models::guest
