// CPU time taken away from a busy CPU (host.noise): a thread pinned to one CPU spins reading
// CLOCK_MONOTONIC, and every delta between two back-to-back reads above a threshold is time
// the CPU did something else. On this host (a VM) that is the hypervisor below running
// something else on the physical CPU (unannounced: /proc/stat shows no steal), this host's
// own interrupts and softirqs, or this host's scheduler running another task. The last kind
// is told apart per gap (the thread's involuntary context switches, RUSAGE_THREAD, changed
// across it) and left out; the first two cannot be told apart per gap, only compared in
// number with this CPU's interrupt count (/proc/interrupts) over the run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vtick::calibration {

/// Deltas shorter than this are counted in the histogram only; longer ones are recorded one by
/// one as candidate gaps. Below any threshold choose_threshold() picks (it is at least 4x this),
/// so the gap counts at half the threshold are exact too.
constexpr std::int64_t kGapRecordFloorNs = 250;
/// Deltas up to this many ns have a histogram bucket each (the read itself takes tens of ns).
constexpr std::size_t kDeltaHistogramNs = 4096;

struct Gap {
  std::int64_t at_ns = 0;      ///< the read before the gap, relative to the run's first read
  std::int64_t length_ns = 0;  ///< the delta: the time away plus one read (tens of ns)
  bool switched = false;       ///< this host's scheduler ran another task meanwhile
};

/// Streams back-to-back clock reads: a histogram of short deltas and every long one.
class GapDetector {
 public:
  /// `capacity`: candidate gaps kept (allocated and touched now, so recording never faults);
  /// deltas longer than `record_floor_ns` are candidates.
  explicit GapDetector(std::size_t capacity, std::int64_t record_floor_ns = kGapRecordFloorNs);

  /// The next read. Returns true when the delta from the previous one was a candidate gap.
  bool read(std::int64_t now_ns);
  /// Marks the last recorded gap as one during which this host switched to another task.
  void mark_switched();
  /// Restarts the delta at `now_ns` without counting one: time spent classifying a gap is
  /// not observed (it is added to unobserved_ns()).
  void resume(std::int64_t now_ns);

  [[nodiscard]] std::uint64_t reads() const { return reads_; }
  [[nodiscard]] std::int64_t span_ns() const { return last_ - first_; }
  [[nodiscard]] std::int64_t unobserved_ns() const { return unobserved_; }
  [[nodiscard]] std::span<const Gap> candidates() const { return {gaps_.data(), recorded_}; }
  [[nodiscard]] bool overflowed() const { return overflowed_; }
  /// counts[d]: deltas of exactly d ns, d < kDeltaHistogramNs (longer ones are candidates).
  [[nodiscard]] const std::vector<std::uint64_t>& histogram() const { return histogram_; }

 private:
  std::vector<std::uint64_t> histogram_;
  std::vector<Gap> gaps_;
  std::size_t recorded_ = 0;
  std::uint64_t reads_ = 0;
  std::int64_t first_ = 0;
  std::int64_t last_ = 0;
  std::int64_t unobserved_ = 0;
  std::int64_t record_floor_ns_;
  bool overflowed_ = false;
};

/// The nearest-rank delta at probability numerator / denominator of all a run's deltas (the
/// histogram, then the candidates beyond it). Throws std::invalid_argument with no delta.
std::int64_t delta_quantile(const GapDetector& run, std::size_t numerator, std::size_t denominator);

/// The threshold above which a delta is a gap: kThresholdPerP99 x the p99 delta, at least
/// kMinThresholdNs (docs/calibration.md, "Host noise", says why).
constexpr std::int64_t kMinThresholdNs = 1000;
constexpr std::int64_t kThresholdPerP99 = 20;
std::int64_t choose_threshold(const GapDetector& run);

/// One run's gaps above a threshold, the in-host switches left out.
struct GapFigures {
  std::int64_t threshold_ns = 0;
  std::int64_t observed_ns = 0;  ///< the run's span less unobserved time
  std::vector<std::int64_t> lengths_ns;  ///< the gaps without a switch, in order
  std::int64_t lost_ns = 0;              ///< their sum
  std::size_t switched = 0;              ///< gaps with an in-host switch (left out)
  std::int64_t switched_ns = 0;
  std::vector<std::int64_t> switched_lengths_ns;  ///< those gaps' lengths, in order
  std::size_t short_delays = 0;   ///< deltas above kGapRecordFloorNs, up to the threshold
  std::int64_t short_delays_ns = 0;
  /// Gaps per second of time not inside a counted gap: the rate host.noise takes, since its
  /// next gap can only start after the last one ended (docs/scenarios.md).
  [[nodiscard]] double rate_per_s() const;
  /// The gaps' share of the time the thread held the CPU in this host's view (observed less
  /// in-host switches): what a busy task loses.
  [[nodiscard]] double lost_share() const;
};

GapFigures gap_figures(const GapDetector& run, std::int64_t threshold_ns);

/// Interrupts handled by one CPU, from /proc/interrupts' text.
struct CpuInterrupts {
  std::uint64_t total = 0;        ///< every row's column for the CPU
  std::uint64_t local_timer = 0;  ///< the LOC row (this host's scheduler tick and hrtimers)
};
/// Throws std::invalid_argument when the text has no column for `cpu`.
CpuInterrupts interrupts_on_cpu(std::string_view proc_interrupts, int cpu);

/// One measurement: spins on `cpu` for `duration_ns`, on a new thread pinned there, recording
/// deltas above `record_floor_ns` one by one. With a floor above kDeltaHistogramNs the deltas
/// between the two are counted nowhere: such a run is for counting long gaps only, not for
/// delta_quantile() or choose_threshold(). Throws std::runtime_error if a system call fails.
struct NoiseRun {
  int cpu = 0;
  GapDetector detector{0};
  CpuInterrupts interrupts;  ///< during the run (after - before); zero if unreadable
  bool interrupts_known = false;
};
NoiseRun measure_noise(int cpu, std::int64_t duration_ns, std::int64_t record_floor_ns = kGapRecordFloorNs);

}  // namespace vtick::calibration
