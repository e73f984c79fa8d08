#include <map>

#include "models/guest/workload.hpp"
#include "realvm/protocol.h"
#include "realvm/runner/workload_result.hpp"

namespace vtick::realvm::runner {

WorkloadResult tcp_rto_result(const sim::WorkloadSpec& spec, const vmm::RunResult& vm) {
  WorkloadResult r;
  std::uint64_t segments = 0, lost = 0, acked = 0, retransmits = 0, spurious = 0;
  std::map<std::uint32_t, std::int64_t> sent_at;  // host ns, by segment
  for (const vmm::TraceRecord& rec : vm.trace) {
    switch (rec.kind) {
      case VTICK_TRACE_TCP_SEND:
        ++segments;
        lost += rec.arg != 0;
        sent_at[rec.id] = rec.host_ns;
        break;
      case VTICK_TRACE_TCP_ACK: acked += rec.arg != 0; break;  // an ACK the segment was still waiting for
      case VTICK_TRACE_TCP_RTO:
        if (rec.arg == 0) {
          ++spurious;
          break;
        }
        ++retransmits;
        // Both stamps are host times (each at the exit carrying its record), so the origin
        // cancels: due rto after the send in true time, as the simulator measures.
        if (const auto sent = sent_at.find(rec.id); sent != sent_at.end()) {
          r.lateness_ns.push_back(rec.host_ns - (sent->second + spec.rto_ns));
        }
        break;
      default: break;
    }
  }
  r.summary = models::guest::lateness_summary(r.lateness_ns);
  r.summary["segments"] = segments;
  r.summary["lost"] = lost;
  r.summary["acked"] = acked;
  r.summary["retransmits"] = retransmits;
  r.summary["spurious_retransmits"] = spurious;
  return r;
}

}  // namespace vtick::realvm::runner
