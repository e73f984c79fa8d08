#include "realvm/runner/workload_result.hpp"

#include "models/guest/workload.hpp"
#include "realvm/runner/summary.hpp"

namespace vtick::realvm::runner {

WorkloadResult workload_result(const sim::WorkloadSpec& spec, const vmm::RunResult& vm) {
  switch (spec.kind) {
    case sim::WorkloadKind::PeriodicTimer: {
      WorkloadResult r{{}, workload_lateness(vm)};
      r.summary = models::guest::lateness_summary(r.lateness_ns);
      return r;
    }
    case sim::WorkloadKind::Media: return media_result(spec, vm);
    case sim::WorkloadKind::TcpRto: return tcp_rto_result(spec, vm);
    case sim::WorkloadKind::Cron: return cron_result(spec, vm);
    case sim::WorkloadKind::Busy: break;
  }
  return {nlohmann::ordered_json::object(), {}};
}

}  // namespace vtick::realvm::runner
