#pragma once
// Summary statistics of integer samples (lateness, offsets, ...) for summary.json.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace vtick::sim {

/// Collects samples; quantiles sort the samples once, lazily, and reuse the order until the
/// next add(), so asking for p50, p99 and max of millions of samples costs one sort.
/// Not thread-safe, even for const calls (they may sort).
class SampleStats {
 public:
  void add(std::int64_t sample);

  [[nodiscard]] std::size_t count() const;
  /// nullopt when there are no samples: summary.json prints null rather than a made-up value.
  [[nodiscard]] std::optional<std::int64_t> min() const;
  [[nodiscard]] std::optional<std::int64_t> max() const;
  [[nodiscard]] std::optional<double> mean() const;
  /// Nearest-rank quantile: the sample of rank ceil(p * n) (1-based) in sorted order.
  /// p must be in (0, 1] (std::invalid_argument). p * n within 1e-9 of an integer counts as
  /// that integer, so that quantile(0.9) of 10 samples is the 9th even though the double
  /// 0.9 is slightly above 9/10.
  [[nodiscard]] std::optional<std::int64_t> quantile(double p) const;
  /// Number of samples strictly below threshold.
  [[nodiscard]] std::size_t count_below(std::int64_t threshold) const;

 private:
  const std::vector<std::int64_t>& sorted() const;

  mutable std::vector<std::int64_t> samples_;
  mutable bool sorted_ = true;
  __int128 sum_ = 0;  ///< exact: millions of nanosecond-scale samples overflow 64 bits
};

/// The same nearest-rank quantile (rank ceil(p * n), with SampleStats::quantile's tolerance)
/// for real-valued samples such as drift in ppm; nullopt when empty, p outside (0, 1] is
/// std::invalid_argument.
[[nodiscard]] std::optional<double> quantile_of(std::vector<double> samples, double p);

/// Slope of the least-squares line y = a + b x, computed on centered data in long double so
/// that large offsets (x in ns since the run began) do not cancel away the signal.
/// Returns 0 for fewer than 2 points or when all x are equal; sizes must match
/// (std::invalid_argument).
[[nodiscard]] double least_squares_slope(std::span<const std::int64_t> x,
                                         std::span<const std::int64_t> y);

}  // namespace vtick::sim
