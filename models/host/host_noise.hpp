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
// A gap is CpuScheduler::steal: the running task makes no progress for the gap's length,
// yet the host charges the time to it (no steal accounting: its vruntime advances, its slice
// runs down) and schedules nothing because of the gap - no switch, no pick at its end; a
// wake-up or a tick on that CPU meanwhile takes effect when the gap is over. A gap that
// starts while the CPU runs no task is skipped: a real idle vCPU is halted, and what the host
// below does to it then shows up only as the wake-up latency, which host.wakeup_latency
// models (measured on an idle CPU), so applying both would count it twice.
//
// Host stalls (host.stalls) are the same process with its own rate and lengths, for the rare
// long gaps (a millisecond and more, about 0.1 a second per CPU here) that calibrate's short
// spins cannot count: the layer below stops a CPU whether it is busy or idle, so a stall on
// an idle CPU is applied too (CpuScheduler::stall): a task woken there meanwhile runs at its
// end. Its streams are "host/stalls/cpu<N>".
// docs/scenarios.md lists what else this gets wrong.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/host/host_kernel.hpp"
#include "sim/rng.hpp"

namespace vtick::models::host {

/// Short gaps that only a busy CPU loses (host.noise), stalls that stop any CPU (host.stalls),
/// or the runs of this host's own background task on a CPU (host.background, load_kinds.cpp).
enum class GapKind { noise, stall, background };

struct NoiseGap {
  TimeNs start = 0;
  TimeNs length = 0;
};

/// One CPU's gaps, in order, as a pure function of (run seed, CPU).
class NoiseTimeline {
 public:
  NoiseTimeline(const sim::HostNoiseSpec& spec, std::uint64_t run_seed, int cpu, GapKind kind = GapKind::noise);

  /// The random stream a CPU's gaps come from (keyed with the run seed).
  [[nodiscard]] static std::string stream_name(int cpu, GapKind kind = GapKind::noise) {
    const char* prefix = kind == GapKind::noise   ? "host/noise/cpu"
                         : kind == GapKind::stall ? "host/stalls/cpu"
                                                  : "host/background/cpu";
    return prefix + std::to_string(cpu);
  }
  /// The next gap: its start (after the previous gap's end) and length. Draws the interval,
  /// then the length.
  NoiseGap next();

 private:
  sim::RandomStream random_;
  TimeNs mean_interval_ns_;
  std::vector<TimeNs> quantiles_;
  TimeNs previous_end_ = 0;
};

class HostNoise final : public sim::EventHandler {
 public:
  struct CpuCounters {
    std::uint64_t gaps = 0;          ///< applied while the CPU was running a task
    std::uint64_t skipped_idle = 0;  ///< noise: the CPU ran no task (see the header comment)
    std::uint64_t idle_stalls = 0;   ///< stalls applied to an idle CPU
    TimeNs taken_ns = 0;             ///< the lengths of gaps applied while a task ran
  };

  HostNoise(HostKernel& host, const sim::HostNoiseSpec& spec, std::uint64_t run_seed, GapKind kind = GapKind::noise);

  [[nodiscard]] GapKind kind() const { return kind_; }

  [[nodiscard]] const std::vector<CpuCounters>& counters() const { return counters_; }
  /// The CPU time gaps took from `cpu` up to `end` (a gap running past it counts up to it).
  [[nodiscard]] TimeNs taken_until(int cpu, TimeNs end) const;

  /// A gap starts on CPU `kind`.
  void on_event(std::uint32_t kind, std::uint64_t arg) override;

 private:
  void schedule_next(int cpu);

  HostKernel& host_;
  GapKind kind_;
  std::vector<NoiseTimeline> timelines_;
  std::vector<NoiseGap> pending_;
  std::vector<NoiseGap> last_applied_;
  std::vector<CpuCounters> counters_;
};

/// The host's noise or stalls, or null when the scenario has none (nothing is added to the run
/// then).
std::unique_ptr<HostNoise> make_host_noise(HostKernel& host, const sim::HostNoiseSpec& spec, std::uint64_t run_seed,
                                           GapKind kind = GapKind::noise);

}  // namespace vtick::models::host
