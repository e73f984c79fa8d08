// The guest's benchmark mode brackets a loop of exits with two trace records
// (VTICK_TRACE_BENCH_BEGIN / _END); what lies between them is the measurement.
#pragma once

#include <cstdint>
#include <optional>

#include "realvm/vmm/run_result.hpp"

namespace vtick::realvm::measure {

struct BenchSpan {
  std::int64_t host_ns;    ///< host time between the two records' stamps
  std::int64_t guest_tsc;  ///< guest TSC cycles between them (the END record's arg minus BEGIN's)
};

/// nullopt unless the guest exited normally with exactly one BEGIN and one END record.
std::optional<BenchSpan> bench_span(const vmm::RunResult& result);

}  // namespace vtick::realvm::measure
