#include "calibration/quantiles.hpp"

#include <algorithm>
#include <stdexcept>

namespace vtick::calibration {

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, std::size_t numerator, std::size_t denominator) {
  // rank = ceil(p n), at least 1: the 1-based position of the quantile.
  const std::size_t rank = (numerator * sorted.size() + denominator - 1) / denominator;
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

Summary summarize(std::vector<std::int64_t> samples) {
  if (samples.empty()) {
    throw std::invalid_argument("no samples to summarize");
  }
  std::sort(samples.begin(), samples.end());
  return Summary{samples.size(),
                 samples.front(),
                 nearest_rank(samples, 50, 100),
                 nearest_rank(samples, 90, 100),
                 nearest_rank(samples, 99, 100),
                 samples.back()};
}

std::vector<std::int64_t> evenly_spaced_quantiles(std::vector<std::int64_t> samples, std::size_t count) {
  if (samples.empty() || count < 2) {
    throw std::invalid_argument("quantiles need samples and at least two probabilities");
  }
  std::sort(samples.begin(), samples.end());
  std::vector<std::int64_t> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back(nearest_rank(samples, i, count - 1));
  }
  return out;
}

}  // namespace vtick::calibration
