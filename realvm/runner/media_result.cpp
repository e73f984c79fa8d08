#include <algorithm>

#include "models/guest/workload.hpp"
#include "realvm/protocol.h"
#include "realvm/runner/workload_result.hpp"
#include "realvm/vmm/trace_analysis.hpp"
#include "sim/time.hpp"

namespace vtick::realvm::runner {

WorkloadResult media_result(const sim::WorkloadSpec& spec, const vmm::RunResult& vm) {
  WorkloadResult r;
  if (const auto origin = vmm::clock_origin_host_ns(vm)) {
    for (const vmm::TraceRecord& frame : vm.records_of(VTICK_TRACE_MEDIA_FRAME)) {
      // arg: the frame's exact deadline in guest ns, which is also its true-time deadline
      // (the guest clock started at the origin).
      r.lateness_ns.push_back(frame.host_ns - *origin - static_cast<std::int64_t>(frame.arg));
    }
  }
  // As the simulator: the frame period rounded down to whole ns.
  const sim::TimeNs frame_period = sim::kNsPerSec / spec.fps;
  r.summary = models::guest::lateness_summary(r.lateness_ns);
  r.summary["fps"] = spec.fps;
  r.summary["missed_frames"] = std::count_if(r.lateness_ns.begin(), r.lateness_ns.end(),
                                             [frame_period](std::int64_t l) { return l >= frame_period; });
  return r;
}

}  // namespace vtick::realvm::runner
