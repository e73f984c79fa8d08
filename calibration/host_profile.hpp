// A host profile (format: docs/calibration.md, "The file"): measured costs of this host and
// facts of its kernel (scheduler class, CONFIG_HZ) in
// the scenario's own section syntax, plus a `calibration` mapping of the raw figures that
// the simulator ignores. Every duration is written as integer nanoseconds ("3100ns").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace vtick::calibration {

/// The only keys a profile may hold (dotted: section.field), in the order written.
inline constexpr std::array<std::string_view, 11> kProfileKeys{
    "calibration",     "scheduler.class",          "scheduler.context_switch", "host.hz",
    "host.hrtimer_slack", "host.wakeup_latency",   "vmm.vm_exit",              "vmm.inject",
    "vmm.device_cost", "guest.tick_cost",          "guest.timer_callback_cost"};

/// One model parameter and, as its line comment, how it was measured.
struct ProfileValue {
  std::int64_t ns = 0;
  std::string comment;
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
  std::optional<ProfileValue> vm_exit;
  std::optional<ProfileValue> inject;
  std::optional<ProfileValue> device_cost;
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
