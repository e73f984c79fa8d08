#include "crosscheck/autocorrelation.hpp"

#include <stdexcept>

namespace vtick::crosscheck {
namespace {

double mean_of(std::span<const std::int64_t> x) {
  long double sum = 0;
  for (std::int64_t v : x) sum += static_cast<long double>(v);
  return static_cast<double>(sum / static_cast<long double>(x.size()));
}

}  // namespace

double autocorrelation(std::span<const std::int64_t> series, std::size_t lag) {
  if (lag >= series.size()) return 0;
  const double mean = mean_of(series);
  long double variance = 0;
  long double covariance = 0;
  for (std::size_t t = 0; t < series.size(); ++t) {
    const double d = static_cast<double>(series[t]) - mean;
    variance += d * d;
    if (t + lag < series.size()) covariance += d * (static_cast<double>(series[t + lag]) - mean);
  }
  return variance == 0 ? 0 : static_cast<double>(covariance / variance);
}

std::size_t thinning_step(std::span<const std::int64_t> series, double threshold) {
  const std::size_t limit = series.size() / 2;
  for (std::size_t k = 1; k < limit; ++k) {
    if (autocorrelation(series, k) < threshold) return k;
  }
  return limit < 1 ? 1 : limit;
}

std::vector<std::int64_t> thin(std::span<const std::int64_t> series, std::size_t step) {
  if (step == 0) throw std::invalid_argument("thin: step must be at least 1");
  std::vector<std::int64_t> out;
  out.reserve(series.size() / step + 1);
  for (std::size_t i = 0; i < series.size(); i += step) out.push_back(series[i]);
  return out;
}

}  // namespace vtick::crosscheck
