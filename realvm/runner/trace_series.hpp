#pragma once
// series.csv and trace.json of a real-VM run, in the simulator's columns and tracks, from
// the guest's trace records. Host times count from the guest clock's origin (its
// clock_start record), as the simulator's count from t = 0.
#include <cstdint>
#include <optional>

#include "realvm/vmm/run_result.hpp"
#include "sim/series_writer.hpp"
#include "sim/trace_writer.hpp"

namespace vtick::realvm::runner {

/// One row per clock_sample record: host_ns, guest_ns, offset_ns, backlog_ticks, jiffies.
/// backlog_ticks is what the real VM can see of a backlog: whole tick periods of host time
/// since the origin minus jiffies (the guest's ticks behind, owed or lost alike); the VMM's
/// own owed count is not sampled. Also the "guest" offset_us and backlog_ticks counters.
void write_clock_samples(const vmm::RunResult& vm, std::uint32_t hz, sim::SeriesWriter& series,
                         sim::TraceWriter& trace);

/// A "timer expiry" instant per firing of the workload timer on the "guest"/"vcpu 0"
/// track, with its host lateness.
void write_timer_firings(const vmm::RunResult& vm, sim::TraceWriter& trace);

/// A "timer expiry" instant on the "guest"/"vcpu 0" track per callback of the media, tcp_rto
/// and cron workloads (their frame, send, retransmission and check records), as the
/// simulator marks every timer callback; media frames carry their lateness.
void write_workload_events(const vmm::RunResult& vm, sim::TraceWriter& trace);

/// The workload timer's id: the guest traces only that timer's arming. Nullopt before the
/// guest armed anything.
std::optional<std::uint32_t> workload_timer_id(const vmm::RunResult& vm);

}  // namespace vtick::realvm::runner
