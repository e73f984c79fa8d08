#pragma once
// A step cost that varies from one wake-up to the next, as a real VMM thread's does
// (vmm.vcpu_tick_cost_spread, vmm.vcpu_callback_cost_spread). Under QEMU's TCG most of the
// vCPU's wake-ups are short, but some run several times longer (translating code anew,
// flushed caches, the guest's own variable work): `vtick calibrate` traces them. The step's
// calibrated cost stays its mean; each step costs it times a draw from an empirical
// distribution of ratios with mean 1, given by N >= 2 quantiles at probabilities 0, 1/(N-1),
// ..., 1 and sampled by inverse CDF as host.wakeup_latency is.
//
// Determinism: each spread draws from its own stream, keyed with the run seed, and only when
// it is set; a run without spreads draws nothing and costs what it did before.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "sim/rng.hpp"

namespace vtick::models::vmm {

class CostSpread {
 public:
  /// No spread: every step costs its mean.
  CostSpread() = default;
  /// `ratio_ppm`: the quantiles of cost / mean in parts per million (1'000'000 = the mean);
  /// empty = no spread.
  CostSpread(std::vector<std::int64_t> ratio_ppm, std::uint64_t run_seed, std::string_view stream);

  /// This step's cost: `mean` times the next draw, rounded to the nearest ns, at least 1 ns.
  sim::TimeNs next(sim::TimeNs mean);

 private:
  std::vector<std::int64_t> ratio_ppm_;
  std::optional<sim::RandomStream> random_;
};

}  // namespace vtick::models::vmm
