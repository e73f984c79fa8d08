#pragma once
// Where guest time comes from, beyond counting ticks.
//
// A tick-counting guest (clocksource=jiffies) has no Clocksource: its clock is jiffies x
// tick period, so every lost tick is lost time. A guest with a continuous clocksource (a
// calibrated TSC, the VMM's pvclock page) reads elapsed time from it; its tick handler then
// advances jiffies by however many periods the clocksource says have passed (Linux's
// tick_do_update_jiffies64), so late or lost ticks no longer lose time - but timers still
// run only when a tick arrives.
#include "sim/time.hpp"

namespace vtick::models::guest {

using sim::TimeNs;

class Clocksource {
 public:
  virtual ~Clocksource() = default;
  /// Guest nanoseconds since boot, as the guest would read them at true time `host_ns`.
  [[nodiscard]] virtual TimeNs read(TimeNs host_ns) const = 0;
};

/// Corrects the guest's raw clock into its wall clock (an NTP client). A pure function of
/// the raw reading, given the discipline's current state.
class ClockDiscipline {
 public:
  virtual ~ClockDiscipline() = default;
  [[nodiscard]] virtual TimeNs disciplined(TimeNs raw_ns) const = 0;
};

}  // namespace vtick::models::guest
