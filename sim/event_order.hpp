#pragma once
// The total order of simulation events. Every event has the key (time, priority, sequence):
//
//   1. time      earlier first.
//   2. priority  lower value first, for events at the same nanosecond (table below).
//   3. sequence  the order in which the events were scheduled (a per-run counter),
//                so same-time same-priority events run first-in first-out.
//
// The key is unique, so dispatch order never depends on container internals, pointer
// values or the engine (SystemC or the direct kernel): tests/runner/engine_equivalence_test.cpp checks both engines
// produce byte-identical traces.
#include <cstdint>

#include "sim/time.hpp"

namespace vtick::sim {

enum class EventPriority : std::uint8_t {
  /// A load task starting or stopping changes which tasks compete at this instant, so it
  /// happens before anything that asks who should run.
  LoadLifecycle = 10,
  /// A host-noise gap starts (host.noise): the layer below takes the CPU if it is busy. Load
  /// tasks starting or stopping at this instant count (they come first); wake-ups of this
  /// instant do not (they come after): a CPU idle at the gap's start skips the gap, as a
  /// halted vCPU's time away shows only as its wake-up latency (host.wakeup_latency). A
  /// host.stalls stall starts here too, and stops the CPU whether it is busy or idle.
  HostNoise = 12,
  /// A task's wake-up latency (host.wakeup_latency) ends and it joins a run queue. Its wake-up
  /// began before this instant, so it is queued before the wakeups this instant's hrtimer
  /// interrupts begin (first woken, first queued), and before the scheduler decides.
  TaskWakeup = 15,
  /// Host hrtimer interrupts: the wakeups they cause must be on the run queues before the
  /// scheduler makes its decision for this instant (Linux runs hrtimer_interrupt before
  /// the resched it triggers).
  HostTimerInterrupt = 20,
  /// The host scheduler tick (eevdf: tick_sched_timer -> task_tick_fair, and load balancing).
  /// It is an hrtimer too, so the wakeups of hrtimers that expire at the same instant are
  /// queued when its update_curr decides whether the running task's slice is over.
  SchedulerTick = 25,
  /// A CPU's dispatch point: the running task's burst or timeslice ends, or a task
  /// starts running after a context switch.
  CpuDispatch = 30,
  /// Guest services outside the kernel's interrupt path (the NTP client's polls): they act
  /// on the clock after the host has settled this instant, before anything observes it.
  GuestService = 40,
  /// Observation only: sampling the guest clock sees every state change of this instant.
  Sample = 90,
};

/// `rank` packs, from the top: priority (8 bits), sequence (40 bits: 10^12 events, days of
/// simulation) and a 16-bit tag the key carries for its event (the handler's `kind`). The
/// sequence is unique, so the tag never decides an order; priority-then-sequence order is
/// one integer comparison on the hot path, and an event fits in 32 bytes.
struct EventKey {
  static constexpr int kTagBits = 16;
  static constexpr int kSequenceBits = 40;
  static constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << kSequenceBits) - 1;
  static constexpr std::uint64_t kMaxTag = (std::uint64_t{1} << kTagBits) - 1;

  constexpr EventKey(TimeNs t, EventPriority priority, std::uint64_t sequence, std::uint64_t tag = 0)
      : time(t),
        rank((static_cast<std::uint64_t>(priority) << (kSequenceBits + kTagBits)) | (sequence << kTagBits) | tag) {}

  TimeNs time;
  std::uint64_t rank;

  [[nodiscard]] constexpr EventPriority priority() const {
    return static_cast<EventPriority>(rank >> (kSequenceBits + kTagBits));
  }
  [[nodiscard]] constexpr std::uint32_t tag() const { return static_cast<std::uint32_t>(rank & kMaxTag); }

  friend constexpr bool operator<(const EventKey& a, const EventKey& b) {
    return a.time != b.time ? a.time < b.time : a.rank < b.rank;
  }
};

}  // namespace vtick::sim
