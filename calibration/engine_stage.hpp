// `vtick calibrate`'s VMM-demand stage: every engine this host can run (engine_demand.hpp),
// its raw figures for calibration.measured, the arithmetic for calibration.derived, and the
// profile's engines.<engine> costs.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "calibration/engine_demand.hpp"
#include "calibration/host_profile.hpp"

namespace vtick::calibration {

struct EngineStage {
  nlohmann::ordered_json measured = nlohmann::ordered_json::object();  ///< by engine name
  nlohmann::ordered_json derived = nlohmann::ordered_json::object();
  std::vector<EngineProfile> engines;
  std::vector<std::string> unavailable;  ///< engines this host cannot run, and why
  std::vector<std::string> failed;
};

/// `linux_unavailable` non-empty, or no plan.linux_kernel: the Linux part is skipped, saying why.
[[nodiscard]] EngineStage measure_engines(const EngineDemandPlan& plan, const std::string& linux_unavailable,
                                          const std::function<void(const std::string&)>& say);

/// One engine's pairs as calibration.measured and the profile's engines.<engine> (exposed
/// for tests: the figures are p50s over the pairs of each role's per-tick and rest figures).
void record_engine(sim::VmmEngine engine, const EnginePairs& pairs, EngineStage& out);

/// The Linux probe's callback pairs (measure_qemu_tcg_linux_callbacks) as
/// calibration.measured.qemu_tcg_linux.callbacks and engines.qemu_tcg_linux.vcpu_callback_cost
/// (the p50 over pairs of the vCPU's per-callback figure). Needs record_engine's
/// qemu_tcg_linux entry first; without it (its runs failed) nothing is written.
void record_linux_callbacks(const EnginePairs& pairs, EngineStage& out);
/// The Linux probe's sample pairs (measure_qemu_tcg_linux_samples) as
/// calibration.measured.qemu_tcg_linux.samples and engines.qemu_tcg_linux.vcpu_sample_cost and
/// vcpu_sample_cost_spread, as record_linux_callbacks does for callbacks.
void record_linux_samples(const EnginePairs& pairs, EngineStage& out);
/// The tick pairs ran the probe's timer and sampler, `probe_per_s` events each, and their
/// vcpu rest holds that work; once both are priced (vcpu_callback_cost, vcpu_sample_cost) it
/// is taken out of engines.qemu_tcg_linux.vcpu_rest_cpu (floored at 0), since the model
/// charges it per callback and per sample. Otherwise nothing changes.
void discount_probe_from_rest(double probe_per_s, EngineStage& out);
/// engines.qemu_tcg_linux's timer_kick_share, timer_tail_share and vcpu_lock_attempt from the
/// handoff run, if that engine was measured and the run saw enough handoffs.
void record_linux_handoffs(const Handoffs& handoffs, EngineStage& out);

}  // namespace vtick::calibration
