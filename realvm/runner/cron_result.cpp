#include "models/guest/workload.hpp"
#include "realvm/protocol.h"
#include "realvm/runner/workload_result.hpp"
#include "realvm/vmm/trace_analysis.hpp"

namespace vtick::realvm::runner {

WorkloadResult cron_result(const sim::WorkloadSpec& spec, const vmm::RunResult& vm) {
  WorkloadResult r;
  const auto checks = vm.records_of(VTICK_TRACE_CRON_CHECK);
  const auto origin = vmm::clock_origin_host_ns(vm);
  for (const vmm::TraceRecord& check : checks) {
    if (check.arg != 0 && origin) {
      // `at` is a wall-clock time of the guest, which started at the origin at 0: in true
      // time it is origin + at.
      r.lateness_ns.push_back(check.host_ns - *origin - spec.at_ns);
      break;
    }
  }
  const bool ran = !r.lateness_ns.empty();
  r.summary = models::guest::lateness_summary(r.lateness_ns);
  r.summary["due_ns"] = spec.at_ns;
  r.summary["ran"] = ran;
  r.summary["offset_ns"] = ran ? nlohmann::ordered_json(r.lateness_ns.front()) : nlohmann::ordered_json(nullptr);
  r.summary["checks"] = checks.size();
  return r;
}

}  // namespace vtick::realvm::runner
