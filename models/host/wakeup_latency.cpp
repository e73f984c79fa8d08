#include "models/host/wakeup_latency.hpp"

#include <algorithm>
#include <stdexcept>

namespace vtick::models::host {
namespace {

constexpr int kRandomBits = 53;
constexpr std::uint64_t kOne = std::uint64_t{1} << kRandomBits;

// All zeros and a single value need no random numbers: keep them out of the stream, so a
// constant latency draws nothing, and an all-zero one is no latency at all.
std::vector<TimeNs> effective_quantiles(const std::vector<TimeNs>& quantiles) {
  if (quantiles.empty() || quantiles.back() == 0) return {};
  if (quantiles.front() == quantiles.back()) return {quantiles.front()};
  return quantiles;
}

// The parser has checked the spec; this guards models and tests that build one directly.
const std::vector<TimeNs>& checked(const std::vector<TimeNs>& quantiles) {
  if (!std::is_sorted(quantiles.begin(), quantiles.end()) || (!quantiles.empty() && quantiles.front() < 0)) {
    throw std::invalid_argument("wake-up latency quantiles must be non-negative and non-decreasing");
  }
  return quantiles;
}

}  // namespace

WakeupLatency::WakeupLatency(const sim::WakeupLatencySpec& spec, std::uint64_t run_seed)
    : quantiles_(effective_quantiles(checked(spec.quantiles))) {
  if (quantiles_.size() > 1) random_.emplace(run_seed, kStreamName);
}

TimeNs WakeupLatency::next() {
  if (quantiles_.size() <= 1) return quantiles_.empty() ? 0 : quantiles_.front();
  return inverse_cdf(quantiles_, random_->next_u64() >> (64 - kRandomBits));
}

// With u = r / 2^53, the position among the quantiles is u * (N - 1): the integer part picks
// the neighbours, the fraction (kept as a numerator over 2^53) interpolates between them.
// 128-bit products keep it exact for any durations and any N.
TimeNs WakeupLatency::inverse_cdf(std::span<const TimeNs> quantiles, std::uint64_t r) {
  if (quantiles.empty()) return 0;
  if (quantiles.size() == 1) return quantiles.front();
  const unsigned __int128 position = static_cast<unsigned __int128>(r % kOne) * (quantiles.size() - 1);
  const auto index = static_cast<std::size_t>(position >> kRandomBits);
  const auto fraction = static_cast<std::uint64_t>(position & (kOne - 1));
  const TimeNs low = quantiles[index];
  const TimeNs step = quantiles[index + 1] - low;
  const __int128 offset = (static_cast<__int128>(step) * fraction + kOne / 2) >> kRandomBits;
  return low + static_cast<TimeNs>(offset);
}

}  // namespace vtick::models::host
