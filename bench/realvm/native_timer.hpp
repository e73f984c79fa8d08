// The physical limit for a VM's timer lateness: how late a plain host thread wakes up for
// a periodic timerfd on the same CPU, under the same load. No VM can deliver a timer to its
// guest earlier than its host can wake a thread for one.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace vtick::realvm_bench {

struct NativeTimerRun {
  std::vector<std::int64_t> lateness_ns;  ///< one per wake-up: now minus the latest expiry it reported
  std::uint64_t overruns = 0;             ///< wake-ups that reported more than one expiry (a period slept through)
};

/// A new thread (inheriting this one's affinity and policy, as run_vm's threads do) waits on
/// a CLOCK_MONOTONIC timerfd firing every `period`, for `duration`.
NativeTimerRun native_timer_lateness(std::chrono::nanoseconds period, std::chrono::nanoseconds duration);

}  // namespace vtick::realvm_bench
