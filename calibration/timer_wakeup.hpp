// How late a sleeping thread runs after its timer expires: the host's timer interrupt,
// the wake-up and the scheduler's decision to run the thread, with nothing of the VMM in it.
// Lateness = CLOCK_MONOTONIC read right after the wake-up minus the expiry it waited for,
// on a periodic absolute grid (start + k period), so no error accumulates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace vtick::calibration {

enum class Sleeper {
  /// read() on a periodic CLOCK_MONOTONIC timerfd, as the VMM's timer thread sleeps. The
  /// kernel arms a timerfd's hrtimer with no slack range, so timer slack does not apply.
  timerfd,
  /// clock_nanosleep(TIMER_ABSTIME): the kernel adds the thread's timer slack to the expiry,
  /// as it does for poll/select timeouts (QEMU's main loop sleeps that way).
  nanosleep,
};

struct WakeupPlan {
  Sleeper sleeper = Sleeper::timerfd;
  /// PR_SET_TIMERSLACK for the measuring thread; nullopt keeps the slack it inherits (the
  /// host's default for this process).
  std::optional<std::int64_t> slack_ns;
  std::int64_t period_ns = 10'000'000;
  std::size_t samples = 300;
  /// CPU the thread spins after each wake-up before it sleeps again, as a VMM thread works on
  /// each tick (0: it sleeps again at once, as calibrate measures).
  std::int64_t burst_ns = 0;
};

struct WakeupRun {
  std::vector<std::int64_t> lateness_ns;  ///< one per wake-up, in order
  std::uint64_t overruns = 0;             ///< wake-ups more than a period late (periods slept through)
  std::int64_t slack_ns = 0;              ///< the slack in effect (PR_GET_TIMERSLACK)
};

/// Runs on a new thread, which inherits the caller's CPU affinity (pin the caller first).
/// The first wake-up is a warm-up and is not counted. Throws std::runtime_error if a
/// system call fails.
WakeupRun measure_wakeup(const WakeupPlan& plan);

}  // namespace vtick::calibration
