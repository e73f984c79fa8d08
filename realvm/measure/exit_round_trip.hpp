// One VM exit to the VMM's user space and back: the guest's exit benchmark (a loop of outs
// to the NOP port, realvm/guest/exit_bench.c) timed by host stamps on the records around it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "realvm/vmm/run_result.hpp"

namespace vtick::realvm::measure {

struct ExitRoundTrip {
  std::uint32_t iterations = 0;  ///< NOP outs in the loop
  std::int64_t host_ns = 0;      ///< host time over the loop and the END record's own exit
  std::int64_t guest_tsc = 0;    ///< guest TSC cycles over the same span
  /// Host time per exit: host_ns / (iterations + 1), the END record being one more exit.
  [[nodiscard]] double per_exit_ns() const { return static_cast<double>(host_ns) / (iterations + 1); }
};

struct ExitRun {
  std::optional<ExitRoundTrip> figures;  ///< nullopt: the benchmark did not complete
  vmm::RunResult run;                    ///< the whole run, for describe() when it failed
};

/// Boots `image` on /dev/kvm in benchmark mode for `iterations` exits. Throws what run_vm
/// throws (vmm::KvmUnavailable without a usable /dev/kvm).
ExitRun exit_round_trip(const std::string& image, std::uint32_t iterations);

}  // namespace vtick::realvm::measure
