// The VMM's costs on /dev/kvm with our guest (realvm/): a bare exit's round trip, the
// user-space PIT's injection latency, and its timer thread's CPU per wake-up.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace vtick::calibration {

struct KvmPlan {
  std::string guest_image;
  std::size_t exit_batches = 5;           ///< VM boots, each timing one loop of exits
  std::uint32_t exits_per_batch = 2000;
  std::chrono::nanoseconds injection_run{std::chrono::seconds(3)};  ///< guest time of the tick run
};

struct KvmFigures {
  std::vector<std::int64_t> exit_ns;        ///< per batch: host ns per exit round trip
  std::vector<std::int64_t> injection_ns;   ///< per tick whose handler wrote a record
  std::size_t injection_unmatched = 0;
  std::uint32_t hz = 0;                     ///< of the injection run
  std::uint64_t tick_thread_wakeups = 0;    ///< the user PIT thread's, in the injection run
  std::uint64_t tick_thread_cpu_ns = 0;     ///< its CPU time (CLOCK_THREAD_CPUTIME_ID)
};

/// Throws realvm::vmm::KvmUnavailable without a usable /dev/kvm, std::runtime_error (with
/// the run described) if a guest run does not finish.
KvmFigures measure_kvm(const KvmPlan& plan);

}  // namespace vtick::calibration
