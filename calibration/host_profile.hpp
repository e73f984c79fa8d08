// A host profile (format: docs/calibration.md, "The file"): measured costs of this host and
// facts of its kernel (scheduler class, CONFIG_HZ) in
// the scenario's own section syntax, plus a `calibration` mapping of the raw figures that
// the simulator ignores. Every duration is written as integer nanoseconds ("3100ns").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario.hpp"

namespace vtick::calibration {

/// One model parameter and, as its line comment, how it was measured.
struct ProfileValue {
  std::int64_t ns = 0;
  std::string comment;
};

/// host.noise (host.stalls): gaps (stalls) per second of a CPU and their lengths' evenly spaced
/// quantiles.
struct NoiseProfileValue {
  double rate_per_s = 0;
  std::vector<std::int64_t> length_quantiles;
  std::string comment;
};

/// engines.<engine>: what the VMM's threads spend under one engine (vtick calibrate's VMM
/// demand stage); a scenario modelling that engine takes these over the vmm section.
struct EngineProfile {
  sim::VmmEngine engine = sim::VmmEngine::kvm;
  std::optional<ProfileValue> device_cost;     ///< the timer / main-loop thread per tick
  std::optional<ProfileValue> vcpu_tick_cost;  ///< the vCPU thread per tick
  std::optional<ProfileValue> vcpu_callback_cost;  ///< the vCPU thread per guest timer callback
  std::optional<ProfileValue> vcpu_sample_cost;    ///< the vCPU thread per clock sample
  std::vector<double> timer_period_error_ppm;      ///< sorted, one per Linux boot; empty: not written
  /// vcpu_{tick,callback,sample}_cost_spread: ratio quantiles (mean 1); empty: not written.
  std::vector<double> vcpu_tick_cost_spread;
  std::vector<double> vcpu_callback_cost_spread;
  std::vector<double> vcpu_sample_cost_spread;
  std::string spread_comment;  ///< on each spread's line
  std::optional<double> vcpu_rest_cpu;         ///< shares of one CPU at rest
  std::optional<double> timer_rest_cpu;
  /// timer_kick_share, timer_tail_share, vcpu_lock_attempt (main_loop_handoff.hpp); unset: not written.
  std::optional<double> timer_kick_share;
  std::optional<double> timer_tail_share;
  std::optional<ProfileValue> vcpu_lock_attempt;
  std::string handoff_comment;  ///< on the two shares' lines
  std::string comment;                         ///< how, on the engine's line
};

/// A fact of the host kernel, read rather than measured, with where it was read.
template <class T>
struct KernelFact {
  T value;
  std::string comment;
};

struct HostProfile {
  std::vector<std::string> header;          ///< comment lines at the top (without "# ")
  nlohmann::ordered_json calibration;       ///< a mapping, written in its insertion order
  std::optional<KernelFact<std::string>> scheduler_class;
  std::optional<KernelFact<int>> hz;        ///< CONFIG_HZ
  std::optional<ProfileValue> context_switch;
  std::optional<ProfileValue> hrtimer_slack;
  std::vector<std::int64_t> wakeup_quantiles;  ///< empty: not written
  std::string wakeup_comment;
  std::optional<NoiseProfileValue> noise;
  std::optional<NoiseProfileValue> stalls;  ///< host.stalls, the same form
  std::optional<ProfileValue> vm_exit;
  std::optional<ProfileValue> inject;
  std::optional<ProfileValue> device_cost;
  std::vector<EngineProfile> engines;  ///< in the order written
  // guest.tick_cost and guest.timer_callback_cost are never measured by `vtick calibrate`
  // (our guest does not time its own handler), so they are never written.
};

/// The profile as YAML text: fixed key order, absent values left out (so the scenario's or
/// the model's default applies), a section only if it has a value.
std::string profile_yaml(const HostProfile& profile);

/// profile_yaml() into `path`, creating its directory. Throws std::runtime_error naming the
/// path if it cannot be written.
void write_profile(const HostProfile& profile, const std::string& path);

}  // namespace vtick::calibration
