#pragma once
// The guest kernel's timer wheel, modelled on Linux's classic (pre-4.8) cascading wheel
// (kernel/timer.c: internal_add_timer, cascade, __run_timers), on 64-bit jiffies.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace vtick::models::guest {

using Jiffies = std::uint64_t;
using TimerId = std::uint32_t;

/// Linux-style hierarchical timer wheel. A timer with `expires` runs in the first tick whose
/// jiffies value is >= expires; one already due when armed runs at the next tick. Ids are
/// dense, created by create_timer(); an id never created is a caller bug (std::out_of_range).
///
/// Layout: tv1 has 256 slots of one jiffy; tv2..tv5 have 64 slots each, of 2^8, 2^14, 2^20
/// and 2^26 jiffies. `next_tick_` (Linux's base->timer_jiffies) is the next tick to run, so
/// now() == next_tick_ - 1.
///
/// Invariants:
///  - every active timer is linked in exactly one slot, and every linked timer is active;
///  - a slot's bit in `occupied_` is set iff its list is non-empty;
///  - a tv1 timer runs at the unique tick t in [next_tick_, next_tick_ + 256) with
///    t % 256 == its slot;
///  - a timer in a tvN slot (N >= 2) is cascaded, at the slot's next cascade tick, no later
///    than its expiry. Expiries more than 2^32 - 1 jiffies ahead are placed as if they were
///    exactly that far (Linux's clamp) but keep their real `expires`, so each cascade
///    re-clamps them until they come within range: they still run at the right tick.
///
/// Output order: by tick, and within a tick by (expires, arming order); the arming order is a
/// per-wheel counter bumped by add and mod, so the order never depends on list internals.
///
/// Cost (n = active timers, k = timers a call returns):
///  - create_timer, add, mod, del, active, expires, now, active_count: O(1).
///  - advance_to: O(w + c + k log k), where w is the number of ticks that have work (a
///    non-empty tv1 slot or a cascade of a non-empty slot), each found in O(1) from occupancy
///    bitmaps, and c the number of timer cascades (O(1) each). Idle ticks are skipped, so a
///    jump of J jiffies is not O(J). A timer is cascaded at most 4 times, plus once per
///    63 * 2^26 jiffies of its distance beyond the 2^32 clamp.
///  - next_expiry: O(n) (walks the non-empty slots; the earliest expiry is not necessarily
///    in the first occupied slot because upper levels cascade late).
/// Jiffies values near 2^64 (within 2^33) are unsupported: a 1 kHz tick takes ~584 million
/// years to get there.
class TimerWheel {
 public:
  explicit TimerWheel(Jiffies now = 0);

  TimerId create_timer();
  /// add_timer: arms an inactive timer. Arming an active one is a caller bug → std::logic_error
  /// (Linux BUG_ON).
  void add(TimerId id, Jiffies expires);
  /// mod_timer: (re)arms, like del + add (so it also counts as a new arming for the order
  /// within a tick); returns true if the timer was active before (Linux's return value).
  bool mod(TimerId id, Jiffies expires);
  /// del_timer: deactivates; returns true if it was active.
  bool del(TimerId id);
  [[nodiscard]] bool active(TimerId id) const;
  /// The armed expiry (unclamped). std::logic_error if the timer is inactive.
  [[nodiscard]] Jiffies expires(TimerId id) const;
  [[nodiscard]] Jiffies now() const { return next_tick_ - 1; }
  [[nodiscard]] std::size_t active_count() const { return active_count_; }
  /// Advances the wheel one tick at a time up to `now` (like run_timer_softirq catching up),
  /// appending every timer that expires, deactivated, in the order they expire: by tick, and
  /// within a tick by (expires, arming order). The caller runs the callbacks (a callback may
  /// re-arm). `now` < now() → std::logic_error.
  void advance_to(Jiffies now, std::vector<TimerId>& expired);
  /// Earliest `expires` among active timers (for a tickless caller), or std::nullopt. It may
  /// be <= now() for a timer armed in the past, which runs at now() + 1.
  [[nodiscard]] std::optional<Jiffies> next_expiry() const;

 private:
  static constexpr unsigned kRootBits = 8;   // Linux TVR_BITS
  static constexpr unsigned kLevelBits = 6;  // Linux TVN_BITS
  static constexpr std::size_t kRootSlots = std::size_t{1} << kRootBits;
  static constexpr std::size_t kLevelSlots = std::size_t{1} << kLevelBits;
  static constexpr std::size_t kUpperLevels = 4;  // tv2..tv5
  static constexpr std::size_t kSlots = kRootSlots + kUpperLevels * kLevelSlots;
  static constexpr std::size_t kRootWords = kRootSlots / 64;
  static constexpr TimerId kNil = UINT32_MAX;

  struct Timer {
    Jiffies expires = 0;
    std::uint64_t sequence = 0;  // arming order, breaks ties within a tick
    TimerId prev = kNil;
    TimerId next = kNil;
    std::uint16_t slot = 0;
    bool active = false;
  };
  struct Slot {
    TimerId first = kNil;
    TimerId last = kNil;
  };

  Timer& timer(TimerId id);
  [[nodiscard]] const Timer& timer(TimerId id) const;
  void arm(TimerId id, Jiffies expires);
  void disarm(TimerId id);
  [[nodiscard]] std::size_t slot_for(Jiffies expires) const;
  void link(TimerId id);
  void unlink(TimerId id);
  TimerId take_slot(std::size_t slot);
  void cascade(std::size_t level, std::size_t index);
  void run_tick(std::vector<TimerId>& expired);
  [[nodiscard]] std::optional<std::size_t> next_root_offset() const;
  [[nodiscard]] std::optional<Jiffies> next_cascade(std::size_t level) const;
  [[nodiscard]] std::optional<Jiffies> next_busy_tick() const;

  std::vector<Timer> timers_;
  std::array<Slot, kSlots> slots_{};
  /// One bit per slot: tv1 in the first kRootWords words, then one word per upper level.
  std::array<std::uint64_t, kRootWords + kUpperLevels> occupied_{};
  Jiffies next_tick_;
  std::uint64_t next_sequence_ = 0;
  std::size_t active_count_ = 0;
};

}  // namespace vtick::models::guest
