#pragma once
// The metrics a cross-check compares, read from what `vtick run` and `vtick realvm run`
// write (summary.json, series.csv, lateness-<workload>.csv) or taken from an in-process
// simulation. Unreadable or incomplete input throws TraceError naming the file and what is
// wrong with it (exit status 2 in the CLI).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crosscheck/case_identity.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario.hpp"

namespace vtick::crosscheck {

class TraceError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct WorkloadLateness {
  std::string workload;
  /// Every expiry's lateness (ns), in expiry order (as lateness-<workload>.csv holds them),
  /// so the KS test can thin the series by its own autocorrelation.
  std::vector<std::int64_t> samples;
};

struct RunMetrics {
  std::string scenario;  ///< summary.json's "scenario"
  CaseIdentity identity;  ///< which case the run is of (case_identity.hpp)
  /// summary.json has a "realvm" section: a real VM's guest sampled its own clock from a
  /// guest timer (sim::Sampling::GuestTimer), whatever its scenario says.
  bool sampled_by_guest_timer = false;
  double drift_ppm = 0;
  std::int64_t final_offset_ns = 0;
  std::int64_t max_abs_offset_ns = 0;
  std::optional<std::int64_t> ticks_lost;  ///< unset: the trace does not count them (null)
  std::vector<WorkloadLateness> lateness;  ///< in scenario workload order
  /// series.csv's host_ns and offset_ns columns.
  std::vector<std::int64_t> host_ns;
  std::vector<std::int64_t> offset_ns;
};

/// The workloads a cross-check compares: the scenario's periodic_timer ones, whose every
/// expiry is a lateness sample. The real VM also runs media, tcp_rto and cron now
/// (docs/realvm.md); comparing them (media's per-frame lateness would fit as it is) is not
/// done yet.
[[nodiscard]] std::vector<std::string> compared_workloads(const sim::Scenario& scenario);

/// Reads a trace directory; `workloads` name the lateness-<workload>.csv files required.
[[nodiscard]] RunMetrics load_metrics(const std::filesystem::path& dir, const std::vector<std::string>& workloads);

/// The same metrics from a simulation run in this process (lateness in expiry order).
[[nodiscard]] RunMetrics metrics_of(const sim::runner::RunResult& run, const std::vector<std::string>& workloads);

/// Nearest-rank quantile as summary.json computes it (sim/sample_stats.hpp); samples must
/// not be empty (std::invalid_argument).
[[nodiscard]] std::int64_t lateness_quantile(const std::vector<std::int64_t>& samples, double p);

}  // namespace vtick::crosscheck
