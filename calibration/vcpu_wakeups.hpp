// The vCPU thread's work per wake-up, from the host scheduler's own record of it (tracefs
// sched:sched_switch, sched_switch_trace.hpp): a wake-up runs from the switch to the thread
// after it slept until the switch away with the thread asleep again (state S or D); switches
// away while still runnable (preempted) pause it. Its work is its time on a CPU in between.
// A wake-up during which the guest's probe wrote a timer callback's record (host stamp from
// the wake-up's start to the next wake-up's start) is a callback wake-up; one with a clock
// sample's record and no callback's is a sample wake-up; one with no record is a tick
// wake-up; one with only other records is none of these.
// calibrate turns each kind into vmm.vcpu_*_cost_spread: its on-CPU times' evenly spaced
// quantiles divided by their interpolated mean (docs/calibration.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtick::calibration {

/// One sched_switch event, as tracefs's text output prints it.
struct SchedSwitch {
  std::int64_t ns = 0;  ///< the trace clock (mono: CLOCK_MONOTONIC), microsecond resolution
  std::string prev_comm;
  char prev_state = 'R';  ///< the first letter of prev_state
  std::string next_comm;
};

/// One line of tracefs's `trace` file; nullopt for comments and other events.
[[nodiscard]] std::optional<SchedSwitch> parse_sched_switch(std::string_view line);

/// One sched_waking event: the running thread (the line's task) wakes another.
struct SchedWaking {
  std::int64_t ns = 0;  ///< as SchedSwitch::ns
  std::string waker_comm;
  std::string woken_comm;
  std::size_t after_switches = 0;  ///< how many of the trace's sched_switch events precede it
};

/// As parse_sched_switch, for sched_waking; the waker is the task the line is stamped with.
[[nodiscard]] std::optional<SchedWaking> parse_sched_waking(std::string_view line);

struct Wakeup {
  std::int64_t start_ns = 0;   ///< first switched in after sleeping
  std::int64_t on_cpu_ns = 0;  ///< time on a CPU until it slept again
  std::int64_t end_ns = 0;     ///< switched out asleep
};

/// One thread's wake-ups followed switch by switch: a wake-up runs from the thread's switch in
/// after sleeping to its switch out asleep (state S or D), and its switches out while still
/// runnable pause it. A wake-up whose switch in was not recorded is not seen whole.
class WakeupTracker {
 public:
  void switched_in(std::int64_t ns);
  /// The wake-up that ended here asleep and was seen whole, if any.
  std::optional<Wakeup> switched_out(std::int64_t ns, char state);
  /// The on-CPU time of the wake-up in progress up to `ns`; nullopt if none is being seen
  /// whole or the thread is not on a CPU.
  [[nodiscard]] std::optional<std::int64_t> on_cpu_at(std::int64_t ns) const;
  /// Wake-ups that ended without a recorded switch in (TracedWakeups::dropped).
  [[nodiscard]] std::size_t dropped() const { return dropped_; }

 private:
  std::optional<Wakeup> current_;  // the wake-up in progress, seen whole so far
  std::int64_t on_since_ = -1;     // switched in at; -1: not on a CPU, or its switch in is missing
  bool seen_sleep_ = false;        // wake-ups are seen from their start only after a sleep
  bool broken_ = false;            // this wake-up ran without a recorded switch in
  std::size_t dropped_ = 0;
};

struct TracedWakeups {
  std::vector<Wakeup> wakeups;
  /// Wake-ups with a switch out but no switch in recorded: left out. Some kernels record no
  /// sched_switch out of the idle task on some CPUs (this host's, on CPU 1), so a thread
  /// woken on such an idle CPU is seen only leaving it; its start is unknown.
  std::size_t dropped = 0;
};

/// The wake-ups of the thread named `comm` that both began and ended in the events (which
/// are in time order), began within [from_ns, to_ns], and were recorded whole.
[[nodiscard]] TracedWakeups wakeups_of(const std::vector<SchedSwitch>& events, std::string_view comm,
                                       std::int64_t from_ns, std::int64_t to_ns);

struct WakeupKinds {
  std::vector<std::int64_t> tick_ns;      ///< on-CPU time of wake-ups with no record
  std::vector<std::int64_t> callback_ns;  ///< ... with a callback's record
  std::vector<std::int64_t> sample_ns;    ///< ... with a clock sample's record and no callback's
  std::size_t dropped = 0;                ///< TracedWakeups::dropped
};

/// Sorts `wakeups` by kind by the host stamps of the callbacks' records, of the samples'
/// records and of every record.
[[nodiscard]] WakeupKinds classify(const std::vector<Wakeup>& wakeups, std::vector<std::int64_t> callback_host_ns,
                                   std::vector<std::int64_t> sample_host_ns, std::vector<std::int64_t> record_host_ns);

/// `count` evenly spaced quantiles of `on_cpu_ns` over their interpolated mean: the spread a
/// scenario's vcpu_*_cost_spread takes (mean 1). Throws std::invalid_argument for no samples
/// or an all-zero sample.
[[nodiscard]] std::vector<double> ratio_quantiles(std::vector<std::int64_t> on_cpu_ns, std::size_t count);

}  // namespace vtick::calibration
