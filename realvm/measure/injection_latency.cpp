#include "realvm/measure/injection_latency.hpp"

#include <map>

#include "realvm/protocol.h"

namespace vtick::realvm::measure {

InjectionSamples injection_latencies(const vmm::RunResult& result, std::int64_t tick_ns) {
  // The earliest record per jiffy: the trace is in arrival order, so the first one seen.
  std::map<std::int64_t, std::int64_t> first_record_ns;
  for (const auto& record : result.trace) {
    std::int64_t jiffy = 0;
    if (record.kind == VTICK_TRACE_CLOCK_SAMPLE) {
      jiffy = record.arg;
    } else if (record.kind == VTICK_TRACE_TIMER_FIRED) {
      jiffy = (record.arg + tick_ns / 2) / tick_ns;
    } else {
      continue;
    }
    first_record_ns.emplace(jiffy, record.host_ns);
  }
  InjectionSamples samples;
  const auto& pulses = result.irq0_delivered_host_ns;
  for (const auto& [jiffy, record_ns] : first_record_ns) {
    if (jiffy < 1 || jiffy > static_cast<std::int64_t>(pulses.size()) || pulses[jiffy - 1] > record_ns) {
      ++samples.unmatched;
      continue;
    }
    samples.latency_ns.push_back(record_ns - pulses[jiffy - 1]);
  }
  return samples;
}

}  // namespace vtick::realvm::measure
