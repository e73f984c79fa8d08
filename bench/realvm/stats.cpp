#include "bench/realvm/stats.hpp"

#include <algorithm>
#include <cmath>

namespace vtick::realvm_bench {
namespace {

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, double q) {
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

}  // namespace

std::optional<Percentiles> percentiles(std::vector<std::int64_t> samples) {
  if (samples.empty()) {
    return std::nullopt;
  }
  std::sort(samples.begin(), samples.end());
  return Percentiles{nearest_rank(samples, 0.50), nearest_rank(samples, 0.99), samples.back(), samples.size()};
}

std::optional<double> median(const std::vector<std::optional<double>>& values) {
  std::vector<double> present;
  for (const auto& value : values) {
    if (value) {
      present.push_back(*value);
    }
  }
  if (present.empty()) {
    return std::nullopt;
  }
  std::sort(present.begin(), present.end());
  return present[(present.size() - 1) / 2];
}

}  // namespace vtick::realvm_bench
