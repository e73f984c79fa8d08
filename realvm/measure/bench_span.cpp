#include "realvm/measure/bench_span.hpp"

#include "realvm/protocol.h"

namespace vtick::realvm::measure {

std::optional<BenchSpan> bench_span(const vmm::RunResult& result) {
  const auto begin = result.records_of(VTICK_TRACE_BENCH_BEGIN);
  const auto end = result.records_of(VTICK_TRACE_BENCH_END);
  if (result.reason != vmm::ExitReason::guest_exit || begin.size() != 1 || end.size() != 1) {
    return std::nullopt;
  }
  return BenchSpan{end[0].host_ns - begin[0].host_ns, end[0].arg - begin[0].arg};
}

}  // namespace vtick::realvm::measure
