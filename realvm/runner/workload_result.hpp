#pragma once
// summary.json's timers.<name> and lateness-<name>.csv of a real run, from the guest's
// workload trace records (realvm/protocol.h kinds 5 and 13-17): the simulator's keys
// (models/guest/*_workload.cpp) with the same meaning, each lateness measured in host time
// since the guest clock's origin against the due time the simulator measures against.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "realvm/vmm/run_result.hpp"
#include "sim/scenario.hpp"

namespace vtick::realvm::runner {

struct WorkloadResult {
  nlohmann::ordered_json summary;
  std::vector<std::int64_t> lateness_ns;  ///< the samples lateness-<name>.csv holds
};

/// By spec.kind; busy has no timers and yields an empty result.
[[nodiscard]] WorkloadResult workload_result(const sim::WorkloadSpec& spec, const vmm::RunResult& vm);

/// media: a sample per frame record, host time minus k * 1e9 / fps; fps and missed_frames
/// (lateness of a whole frame period or more).
[[nodiscard]] WorkloadResult media_result(const sim::WorkloadSpec& spec, const vmm::RunResult& vm);
/// tcp_rto: a sample per retransmission, host time of the timer minus (host time of the
/// send + rto); segments, lost, acked, retransmits, spurious_retransmits.
[[nodiscard]] WorkloadResult tcp_rto_result(const sim::WorkloadSpec& spec, const vmm::RunResult& vm);
/// cron: one sample once the job ran, host time of that check minus `at`; due_ns, ran,
/// offset_ns, checks.
[[nodiscard]] WorkloadResult cron_result(const sim::WorkloadSpec& spec, const vmm::RunResult& vm);

}  // namespace vtick::realvm::runner
