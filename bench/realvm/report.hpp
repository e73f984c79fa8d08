// What one repeat measured under one host condition, and the tables of medians over repeats
// that vtick_realvm_bench prints at the end (docs/performance.md quotes them).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "realvm/measure/injection_latency.hpp"
#include "bench/realvm/load_condition.hpp"
#include "bench/realvm/scheme_run.hpp"
#include "bench/realvm/stats.hpp"

namespace vtick::realvm_bench {

struct ConditionRepeat {
  std::optional<double> exit_us;
  std::optional<double> hypercall_us;
  std::optional<double> hypercall_host_kernel_us;  ///< the same calls, served by io_uring
  std::optional<Percentiles> native_late;
  std::uint64_t native_overruns = 0;
  std::vector<std::optional<SchemeFigures>> schemes;  ///< indexed like kSchemes
  realvm::measure::InjectionSamples injection;  ///< from "user_pit discard jiffies"
};

/// The timer figures of every scheme and the native timer under one condition: medians
/// over repeats; only the schemes `filter` selects (scheme_run.hpp).
void print_timer_table(Condition condition, const std::vector<ConditionRepeat>& repeats, std::string_view filter);

/// Exit, hypercall and injection costs, one row per condition (indexed like kConditions).
void print_cost_table(const std::vector<std::vector<ConditionRepeat>>& by_condition);

}  // namespace vtick::realvm_bench
