#include "sim/sample_stats.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vtick::sim {

void SampleStats::add(std::int64_t sample) {
  if (!samples_.empty() && sample < samples_.back()) sorted_ = false;
  samples_.push_back(sample);
  sum_ += sample;
}

std::size_t SampleStats::count() const { return samples_.size(); }

const std::vector<std::int64_t>& SampleStats::sorted() const {
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  return samples_;
}

std::optional<std::int64_t> SampleStats::min() const {
  if (samples_.empty()) return std::nullopt;
  return sorted_ ? samples_.front() : *std::min_element(samples_.begin(), samples_.end());
}

std::optional<std::int64_t> SampleStats::max() const {
  if (samples_.empty()) return std::nullopt;
  return sorted_ ? samples_.back() : *std::max_element(samples_.begin(), samples_.end());
}

std::optional<double> SampleStats::mean() const {
  if (samples_.empty()) return std::nullopt;
  return static_cast<double>(static_cast<long double>(sum_) /
                             static_cast<long double>(samples_.size()));
}

namespace {

/// 0-based index of the nearest-rank quantile p of n > 0 sorted samples.
std::size_t nearest_rank_index(std::size_t count, double p) {
  if (!(p > 0.0 && p <= 1.0)) {
    throw std::invalid_argument("SampleStats::quantile: p must be in (0, 1]");
  }
  const long double n = static_cast<long double>(count);
  const long double exact = static_cast<long double>(p) * n;
  const long double nearest = std::round(exact);
  const long double rank =
      std::fabs(exact - nearest) <= 1e-9L * std::max(1.0L, exact) ? nearest : std::ceil(exact);
  return static_cast<std::size_t>(std::clamp(rank, 1.0L, n)) - 1;
}

}  // namespace

std::optional<std::int64_t> SampleStats::quantile(double p) const {
  const std::size_t index = nearest_rank_index(std::max<std::size_t>(samples_.size(), 1), p);
  if (samples_.empty()) return std::nullopt;
  return sorted()[index];
}

std::optional<double> quantile_of(std::vector<double> samples, double p) {
  const std::size_t index = nearest_rank_index(std::max<std::size_t>(samples.size(), 1), p);
  if (samples.empty()) return std::nullopt;
  std::sort(samples.begin(), samples.end());
  return samples[index];
}

std::size_t SampleStats::count_below(std::int64_t threshold) const {
  const auto& order = sorted();
  return static_cast<std::size_t>(std::lower_bound(order.begin(), order.end(), threshold) -
                                  order.begin());
}

namespace {

long double mean_of(std::span<const std::int64_t> values) {
  __int128 sum = 0;
  for (const std::int64_t v : values) sum += v;
  return static_cast<long double>(sum) / static_cast<long double>(values.size());
}

}  // namespace

double least_squares_slope(std::span<const std::int64_t> x, std::span<const std::int64_t> y) {
  if (x.size() != y.size()) {
    throw std::invalid_argument("least_squares_slope: x and y differ in length");
  }
  // Tested on the integers: a rounded mean could leave a tiny nonzero variance behind.
  if (x.size() < 2 || std::all_of(x.begin(), x.end(), [&](auto v) { return v == x[0]; })) {
    return 0.0;
  }
  const long double mean_x = mean_of(x);
  const long double mean_y = mean_of(y);
  long double sxx = 0.0L;
  long double sxy = 0.0L;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const long double dx = static_cast<long double>(x[i]) - mean_x;
    sxx += dx * dx;
    sxy += dx * (static_cast<long double>(y[i]) - mean_y);
  }
  return static_cast<double>(sxy / sxx);
}

}  // namespace vtick::sim
