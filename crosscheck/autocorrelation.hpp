#pragma once
// Timer lateness series are autocorrelated: consecutive expiries share the host's state (a
// hog's time slice, a backlog of ticks), so n expiries carry far less than n independent
// observations. The KS test assumes independent samples and, fed a raw series, rejects
// equal distributions far more often than its alpha says (tests/crosscheck shows it).
//
// The comparison thins each series: it keeps every k-th sample, k being the first lag at
// which the sample autocorrelation drops below kThinningThreshold. Thinning (rather than
// batch means) keeps samples of the lateness itself, so the KS test still compares lateness
// distributions; batch means would compare distributions of averages instead.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace vtick::crosscheck {

/// Samples this far apart count as independent.
inline constexpr double kThinningThreshold = 0.1;

/// Sample autocorrelation at `lag` (the usual biased estimator: the lag-`lag` autocovariance
/// over the variance, both normalised by n). 0 for a constant series or lag >= size.
[[nodiscard]] double autocorrelation(std::span<const std::int64_t> series, std::size_t lag);

/// The smallest k >= 1 with autocorrelation(series, k) < threshold, at most size / 2 (a
/// series that stays correlated longer than that cannot be thinned to two samples anyway).
/// 1 for series of fewer than 4 samples.
[[nodiscard]] std::size_t thinning_step(std::span<const std::int64_t> series,
                                        double threshold = kThinningThreshold);

/// Every `step`-th sample starting with the first; step 0 is std::invalid_argument.
[[nodiscard]] std::vector<std::int64_t> thin(std::span<const std::int64_t> series, std::size_t step);

}  // namespace vtick::crosscheck
