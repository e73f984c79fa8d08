#pragma once
// The total order of simulation events. Every event has the key (time, priority, sequence):
//
//   1. time      earlier first.
//   2. priority  lower value first, for events at the same nanosecond (table below).
//   3. sequence  the order in which the events were scheduled (a per-run counter),
//                so same-time same-priority events run first-in first-out.
//
// The key is unique, so dispatch order never depends on container internals, pointer
// values or the engine (SystemC or the direct kernel): tests/sim checks both engines
// produce byte-identical traces.
#include <cstdint>

#include "sim/time.hpp"

namespace vtick::sim {

enum class EventPriority : std::uint8_t {
  /// A load task starting or stopping changes which tasks compete at this instant, so it
  /// happens before anything that asks who should run.
  LoadLifecycle = 10,
  /// Host hrtimer interrupts: the wakeups they cause must be on the run queues before the
  /// scheduler makes its decision for this instant (Linux runs hrtimer_interrupt before
  /// the resched it triggers).
  HostTimerInterrupt = 20,
  /// A CPU's dispatch point: the running task's burst or timeslice ends, or a task
  /// starts running after a context switch.
  CpuDispatch = 30,
  /// Observation only: sampling the guest clock sees every state change of this instant.
  Sample = 90,
  /// The end of the run is observed after everything else at the final instant.
  RunEnd = 100,
};

struct EventKey {
  TimeNs time;
  EventPriority priority;
  std::uint64_t sequence;

  friend constexpr bool operator<(const EventKey& a, const EventKey& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.sequence < b.sequence;
  }
};

}  // namespace vtick::sim
