#include "calibration/quantiles.hpp"

#include <algorithm>
#include <numeric>
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
  const auto total = std::accumulate(samples.begin(), samples.end(), __int128{0});
  return Summary{samples.size(),
                 samples.front(),
                 nearest_rank(samples, 50, 100),
                 nearest_rank(samples, 90, 100),
                 nearest_rank(samples, 99, 100),
                 samples.back(),
                 static_cast<std::int64_t>(total / static_cast<__int128>(samples.size()))};
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

std::int64_t interpolated_mean(const std::vector<std::int64_t>& quantiles) {
  if (quantiles.size() < 2) {
    throw std::invalid_argument("an interpolated distribution needs at least two quantiles");
  }
  __int128 twice_sum = 0;  // sum of (q[i] + q[i+1]) over the bands, each of probability 1/(n-1)
  for (std::size_t i = 0; i + 1 < quantiles.size(); ++i) twice_sum += quantiles[i] + quantiles[i + 1];
  return static_cast<std::int64_t>(twice_sum / (2 * static_cast<__int128>(quantiles.size() - 1)));
}

nlohmann::ordered_json summary_json(const Summary& s) {
  return nlohmann::ordered_json{{"samples", s.samples}, {"min_ns", s.min}, {"p50_ns", s.p50}, {"p90_ns", s.p90},
                                {"p99_ns", s.p99},      {"max_ns", s.max}, {"mean_ns", s.mean}};
}

}  // namespace vtick::calibration
