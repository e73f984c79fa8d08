// Order statistics of measured samples, all nearest-rank (an observed value, never an
// interpolation): a measured profile should only contain latencies that really occurred.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace vtick::calibration {

/// What calibration.measured reports for every measurement.
struct Summary {
  std::size_t samples = 0;
  std::int64_t min = 0;
  std::int64_t p50 = 0;
  std::int64_t p90 = 0;
  std::int64_t p99 = 0;
  std::int64_t max = 0;
  std::int64_t mean = 0;  ///< rounded toward zero
};

/// The nearest-rank value at probability numerator / denominator of an ascending, non-empty
/// sample: the smallest value with at least that share of the sample at or below it
/// (probability 0: the minimum). Integer arithmetic, so p = 19/20 is exact.
std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, std::size_t numerator, std::size_t denominator);

/// Throws std::invalid_argument for no samples.
Summary summarize(std::vector<std::int64_t> samples);

/// How calibration.measured writes a Summary: samples, min_ns, p50_ns, p90_ns, p99_ns,
/// max_ns, mean_ns.
nlohmann::ordered_json summary_json(const Summary& s);

/// host.wakeup_latency's quantiles from vtick calibrate: every 1 %. With every 5 % the model
/// interpolated from p95 to the single largest sample, and its mean came out 1.8x the
/// measured mean (125 against 69 us on this host); every 1 % confines that to the top percent.
constexpr std::size_t kWakeupQuantiles = 101;

/// `count` (>= 2) quantiles at the evenly spaced probabilities 0, 1/(count-1), ..., 1: the
/// empirical distribution host.wakeup_latency takes (vtick calibrate uses 101: every 1 %). Non-decreasing by
/// construction. Throws std::invalid_argument for no samples or count < 2.
std::vector<std::int64_t> evenly_spaced_quantiles(std::vector<std::int64_t> samples, std::size_t count);

/// The mean of the distribution the model samples from such quantiles (inverse CDF, linear
/// between neighbours): the average of the neighbours' midpoints. Set beside the measured
/// mean it shows how much the top band, interpolated up to the single largest sample,
/// weighs the tail. Throws std::invalid_argument for fewer than two quantiles.
std::int64_t interpolated_mean(const std::vector<std::int64_t>& quantiles);

}  // namespace vtick::calibration
