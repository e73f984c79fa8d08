#include "crosscheck/ks_test.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace vtick::crosscheck {
namespace {

std::vector<std::int64_t> sorted_copy(std::span<const std::int64_t> x) {
  std::vector<std::int64_t> s(x.begin(), x.end());
  std::sort(s.begin(), s.end());
  return s;
}

void require_samples(std::span<const std::int64_t> a, std::span<const std::int64_t> b) {
  if (a.empty() || b.empty()) throw std::invalid_argument("KS test: both samples need at least one value");
}

/// max over distinct values x of |i(x) * nb - j(x) * na|, where i(x), j(x) count the samples
/// <= x: D * na * nb as an integer, so the exact test can compare lattice points with it
/// without rounding.
std::int64_t scaled_statistic(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  const auto na = static_cast<std::int64_t>(a.size());
  const auto nb = static_cast<std::int64_t>(b.size());
  std::int64_t i = 0;
  std::int64_t j = 0;
  std::int64_t best = 0;
  while (i < na || j < nb) {
    // Step past every copy of the next distinct value in both samples before comparing:
    // comparing between two tied values would see a gap the ECDFs never have.
    const std::int64_t x = (j >= nb || (i < na && a[i] <= b[j])) ? a[i] : b[j];
    while (i < na && a[i] == x) ++i;
    while (j < nb && b[j] == x) ++j;
    best = std::max(best, std::abs(i * nb - j * na));
  }
  return best;
}

}  // namespace

double ks_statistic(std::span<const std::int64_t> a, std::span<const std::int64_t> b) {
  require_samples(a, b);
  const double scaled = static_cast<double>(scaled_statistic(sorted_copy(a), sorted_copy(b)));
  return scaled / (static_cast<double>(a.size()) * static_cast<double>(b.size()));
}

double kolmogorov_q(double lambda) {
  if (lambda <= 0) return 1;
  constexpr double kEpsilon = 1e-16;
  if (lambda < 1.18) {
    // P_KS(lambda) = sqrt(2 pi) / lambda * sum_{j>=1} exp(-(2j-1)^2 pi^2 / (8 lambda^2)).
    const double y = std::exp(-std::numbers::pi * std::numbers::pi / (8 * lambda * lambda));
    double sum = 0;
    for (int j = 1; j < 100; ++j) {
      const double term = std::pow(y, (2 * j - 1) * (2 * j - 1));
      sum += term;
      if (term < kEpsilon * sum) break;
    }
    return std::clamp(1 - std::sqrt(2 * std::numbers::pi) / lambda * sum, 0.0, 1.0);
  }
  double sum = 0;
  double sign = 1;
  for (int j = 1; j < 100; ++j) {
    const double term = std::exp(-2.0 * j * j * lambda * lambda);
    sum += sign * term;
    if (term < kEpsilon * std::abs(sum)) break;
    sign = -sign;
  }
  return std::clamp(2 * sum, 0.0, 1.0);
}

KsResult ks_test(std::span<const std::int64_t> a, std::span<const std::int64_t> b) {
  KsResult r;
  r.statistic = ks_statistic(a, b);
  r.n_a = a.size();
  r.n_b = b.size();
  const double na = static_cast<double>(r.n_a);
  const double nb = static_cast<double>(r.n_b);
  const double root = std::sqrt(na * nb / (na + nb));
  r.p_value = kolmogorov_q((root + 0.12 + 0.11 / root) * r.statistic);
  return r;
}

KsResult ks_test_exact(std::span<const std::int64_t> a, std::span<const std::int64_t> b) {
  require_samples(a, b);
  if (a.size() * b.size() > kMaxExactProduct) {
    throw std::invalid_argument("exact KS test: n_a * n_b = " + std::to_string(a.size() * b.size()) +
                                " exceeds " + std::to_string(kMaxExactProduct) + "; use the asymptotic test");
  }
  const auto na = static_cast<std::int64_t>(a.size());
  const auto nb = static_cast<std::int64_t>(b.size());
  const std::int64_t d = scaled_statistic(sorted_copy(a), sorted_copy(b));
  // paths[j] after row i: the number of paths from (0,0) to (i,j) that never reach
  // |i nb - j na| >= d, i.e. whose D is below the observed one.
  std::vector<double> paths(static_cast<std::size_t>(nb + 1), 0.0);
  const auto inside = [&](std::int64_t i, std::int64_t j) { return std::abs(i * nb - j * na) < d; };
  for (std::int64_t i = 0; i <= na; ++i) {
    for (std::int64_t j = 0; j <= nb; ++j) {
      auto& here = paths[static_cast<std::size_t>(j)];
      if (i == 0 && j == 0) {
        here = inside(0, 0) ? 1 : 0;
      } else {
        const double from_left = j > 0 ? paths[static_cast<std::size_t>(j - 1)] : 0;
        here = inside(i, j) ? here + from_left : 0;  // here: paths from the row above
      }
    }
  }
  // All C(na + nb, na) orderings are equally likely under H0.
  const double total = std::exp(std::lgamma(static_cast<double>(na + nb + 1)) - std::lgamma(static_cast<double>(na + 1)) -
                                std::lgamma(static_cast<double>(nb + 1)));
  KsResult r;
  r.statistic = static_cast<double>(d) / (static_cast<double>(na) * static_cast<double>(nb));
  r.p_value = std::clamp(1 - paths.back() / total, 0.0, 1.0);
  r.n_a = a.size();
  r.n_b = b.size();
  return r;
}

}  // namespace vtick::crosscheck
