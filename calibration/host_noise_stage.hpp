// `vtick calibrate`'s host-noise stage: calibration/host_noise.hpp's spin on every CPU this
// process may use, repeated to show the run-to-run spread, then once per CPU with the other
// CPUs loaded; and host.noise for the profile from the idle runs' gaps up to kStallMinNs.
// Then one long spin on every CPU at once for the rare gaps beyond it, host.stalls
// (docs/calibration.md).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "calibration/host_profile.hpp"

namespace vtick::calibration {

/// A gap longer than this is a stall (host.stalls), not noise (host.noise). Such gaps come
/// about 0.1 a second per CPU here: too rare for the short spins to count, and long enough to
/// cost a guest tick at HZ 1000.
constexpr std::int64_t kStallMinNs = 1'000'000;

struct HostNoisePlan {
  std::int64_t run_ns = 2'000'000'000;  ///< each spin
  int idle_runs = 3;                    ///< per CPU, the others idle (as far as we know)
  int loaded_runs = 1;                  ///< per CPU, a cpu_hog on every other CPU
  std::int64_t stall_run_ns = 40'000'000'000;  ///< the long spin, every CPU at once; 0: none
};

struct HostNoiseStage {
  nlohmann::ordered_json measured;  ///< calibration.measured.host_noise
  std::string derived;              ///< calibration.derived.host_noise
  std::optional<NoiseProfileValue> profile;  ///< host.noise; none when no gap was seen
  std::optional<NoiseProfileValue> stalls;   ///< host.stalls; none when no stall was seen
};

/// Throws std::runtime_error if a spin cannot be pinned.
HostNoiseStage measure_host_noise(const HostNoisePlan& plan, const std::vector<int>& cpus,
                                  const std::function<void(const std::string&)>& say);

}  // namespace vtick::calibration
