#pragma once
// Host noise (scenario field host.noise): CPU time taken from a busy host CPU by the layer
// below the host - the hypervisor of a host that is itself a VM, which runs something else on
// the physical CPU without telling the host (no steal time) - and by the host's own
// interrupts, which the scheduler model has no other place for. During a gap nothing of the
// host runs on that CPU.
//
// Each CPU has its own gaps, a renewal process: from one gap's end to the next one's start is
// exponential with mean 1 / rate_per_s (the rate vtick calibrate measures over the time between
// gaps), and a gap's length is drawn by inverse CDF from the measured quantiles (as
// host.wakeup_latency's, WakeupLatency::inverse_cdf). The timeline of gaps depends only on the
// run seed and the CPU: each CPU draws from its own stream, "host/noise/cpu<N>", so noise never
// shifts another component's numbers, and a run without host.noise draws nothing.
//
// The gap is a per-CPU task pinned to its CPU, SCHED_FIFO at kRtPriority, above every task a
// scenario may declare (the parser allows rt_priority 1..99), started through the scheduler's
// public API with a burst of length - 2 x context_switch: the scheduler charges a switch into
// it and one back to the interrupted task, so the interrupted task loses exactly the gap's
// length (a gap shorter than 2 x context_switch + 1 ns takes that much instead: counted as
// lengthened). A gap that starts while the CPU is idle (nothing running or queued) is skipped:
// a real idle vCPU is halted, and what the host below does to it then shows up only as the
// wake-up latency, which host.wakeup_latency models (measured on an idle CPU), so applying
// both would count it twice. docs/scenarios.md lists what else this gets wrong.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/host/host_kernel.hpp"
#include "sim/rng.hpp"

namespace vtick::models::host {

struct NoiseGap {
  TimeNs start = 0;
  TimeNs length = 0;
};

/// One CPU's gaps, in order, as a pure function of (run seed, CPU).
class NoiseTimeline {
 public:
  NoiseTimeline(const sim::HostNoiseSpec& spec, std::uint64_t run_seed, int cpu);

  /// The random stream a CPU's gaps come from (keyed with the run seed).
  [[nodiscard]] static std::string stream_name(int cpu) { return "host/noise/cpu" + std::to_string(cpu); }
  /// The next gap: its start (after the previous gap's end) and length. Draws the interval,
  /// then the length.
  NoiseGap next();

 private:
  sim::RandomStream random_;
  TimeNs mean_interval_ns_;
  std::vector<TimeNs> quantiles_;
  TimeNs previous_end_ = 0;
};

class HostNoise final : public sim::EventHandler, public TaskBody {
 public:
  /// Above every scenario task: the parser refuses rt_priority above 99.
  static constexpr int kRtPriority = 100;

  struct CpuCounters {
    std::uint64_t gaps = 0;          ///< applied: the CPU was busy
    std::uint64_t skipped_idle = 0;  ///< the CPU was idle (see the header comment)
    std::uint64_t lengthened = 0;    ///< shorter than 2 x context_switch + 1 ns
    std::uint64_t merged = 0;        ///< began while a lengthened gap still held the CPU: skipped
    TimeNs drawn_ns = 0;             ///< applied gaps' lengths
    TimeNs taken_ns = 0;             ///< what they took from the CPU (lengthened ones more)
  };

  /// Adds one task per CPU: construct after every other task, so theirs keep their ids.
  HostNoise(HostKernel& host, const sim::HostNoiseSpec& spec, std::uint64_t run_seed);

  [[nodiscard]] bool owns(TaskId task) const;
  [[nodiscard]] const std::vector<CpuCounters>& counters() const { return counters_; }
  /// The CPU time gaps took from `cpu` up to `end` (a gap running past it counts up to it).
  [[nodiscard]] TimeNs taken_until(int cpu, TimeNs end) const;

  /// A gap starts on CPU `kind`.
  void on_event(std::uint32_t kind, std::uint64_t arg) override;
  /// The gap is over: the task blocks until the next one.
  TimeNs on_burst_complete(TaskId self, TimeNs now) override;

 private:
  [[nodiscard]] bool cpu_busy(int cpu) const;
  void schedule_next(int cpu);
  void apply(int cpu, const NoiseGap& gap);

  HostKernel& host_;
  std::vector<NoiseTimeline> timelines_;
  std::vector<TaskId> tasks_;
  std::vector<NoiseGap> pending_;
  std::vector<NoiseGap> last_applied_;  ///< start and taken length
  std::vector<CpuCounters> counters_;
};

/// The host's noise, or null when the scenario has none (nothing is added to the run then).
std::unique_ptr<HostNoise> make_host_noise(HostKernel& host, const sim::HostNoiseSpec& spec, std::uint64_t run_seed);

}  // namespace vtick::models::host
