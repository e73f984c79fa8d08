#include "models/vmm/cost_spread.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/host/wakeup_latency.hpp"

namespace vtick::models::vmm {

CostSpread::CostSpread(std::vector<std::int64_t> ratio_ppm, std::uint64_t run_seed, std::string_view stream)
    : ratio_ppm_(std::move(ratio_ppm)) {
  if (ratio_ppm_.empty()) return;
  // The parser has checked the spec; this guards models and tests that build one directly.
  if (ratio_ppm_.size() < 2 || ratio_ppm_.front() < 0 || !std::is_sorted(ratio_ppm_.begin(), ratio_ppm_.end())) {
    throw std::invalid_argument("a cost spread needs >= 2 non-negative, non-decreasing quantiles");
  }
  random_.emplace(run_seed, stream);
}

sim::TimeNs CostSpread::next(sim::TimeNs mean) {
  if (!random_) return mean;
  const std::int64_t ppm = host::WakeupLatency::inverse_cdf(ratio_ppm_, random_->next_u64() >> 11);
  // Both factors are below 2^53 (costs are at most hours, ratios at most 1000), so the double
  // product is exact to well under a nanosecond and rounds the same on every IEEE platform.
  const auto cost = std::llround(static_cast<double>(mean) * static_cast<double>(ppm) / 1e6);
  return std::max<sim::TimeNs>(1, cost);
}

}  // namespace vtick::models::vmm
