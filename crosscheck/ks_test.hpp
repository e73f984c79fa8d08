#pragma once
// Two-sample Kolmogorov-Smirnov test: do two samples come from the same distribution?
// The statistic is exact (ties handled); the p-value is either asymptotic (any size) or
// exact (small samples without ties).
#include <cstddef>
#include <cstdint>
#include <span>

namespace vtick::crosscheck {

struct KsResult {
  /// sup over x of |F_a(x) - F_b(x)|, both ECDFs evaluated at every distinct value.
  double statistic = 0;
  double p_value = 1;
  /// The sample sizes the p-value was computed for (after thinning, see autocorrelation.hpp).
  std::size_t n_a = 0;
  std::size_t n_b = 0;
};

/// D of two samples (need not be sorted). Either sample empty: std::invalid_argument.
[[nodiscard]] double ks_statistic(std::span<const std::int64_t> a, std::span<const std::int64_t> b);

/// Q_KS(lambda) = 2 sum_{j>=1} (-1)^(j-1) exp(-2 j^2 lambda^2), the Kolmogorov distribution's
/// upper tail; for small lambda the complementary (theta-function) series, which converges
/// where the alternating one does not (Numerical Recipes 3rd ed., 6.14).
[[nodiscard]] double kolmogorov_q(double lambda);

/// Asymptotic p-value Q_KS((sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) * D), ne = n_a n_b / (n_a + n_b)
/// (Stephens' small-sample correction, as in Numerical Recipes). Conservative with ties.
[[nodiscard]] KsResult ks_test(std::span<const std::int64_t> a, std::span<const std::int64_t> b);

/// Exact p-value P(D >= d) under H0 for continuous data: counts the monotone lattice paths
/// of the merged ranks that stay inside the band (Hodges 1958). Only for n_a * n_b up to
/// kMaxExactProduct (std::invalid_argument otherwise): the count is O(n_a n_b) and the path
/// counts overflow a double beyond about n_a + n_b = 1000.
inline constexpr std::size_t kMaxExactProduct = 40'000;
[[nodiscard]] KsResult ks_test_exact(std::span<const std::int64_t> a, std::span<const std::int64_t> b);

}  // namespace vtick::crosscheck
