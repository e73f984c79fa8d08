// Order statistics for the real-VM figures: nearest-rank percentiles of one run's samples,
// and medians over repeated runs (a shared host makes single runs noisy).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace vtick::realvm_bench {

struct Percentiles {
  std::int64_t p50 = 0;
  std::int64_t p99 = 0;
  std::int64_t max = 0;
  std::size_t samples = 0;
};

/// Nearest-rank percentiles; nullopt for no samples.
std::optional<Percentiles> percentiles(std::vector<std::int64_t> samples);

/// Median of the values present (the lower middle for an even count); nullopt if none are.
std::optional<double> median(const std::vector<std::optional<double>>& values);

}  // namespace vtick::realvm_bench
