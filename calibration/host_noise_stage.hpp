// `vtick calibrate`'s host-noise stage: calibration/host_noise.hpp's spin on every CPU this
// process may use, repeated to show the run-to-run spread, then once per CPU with the other
// CPUs loaded; and host.noise for the profile from the idle runs (docs/calibration.md).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "calibration/host_profile.hpp"

namespace vtick::calibration {

struct HostNoisePlan {
  std::int64_t run_ns = 2'000'000'000;  ///< each spin
  int idle_runs = 3;                    ///< per CPU, the others idle (as far as we know)
  int loaded_runs = 1;                  ///< per CPU, a cpu_hog on every other CPU
};

struct HostNoiseStage {
  nlohmann::ordered_json measured;  ///< calibration.measured.host_noise
  std::string derived;              ///< calibration.derived.host_noise
  std::optional<NoiseProfileValue> profile;  ///< host.noise; none when no gap was seen
};

/// Throws std::runtime_error if a spin cannot be pinned.
HostNoiseStage measure_host_noise(const HostNoisePlan& plan, const std::vector<int>& cpus,
                                  const std::function<void(const std::string&)>& say);

}  // namespace vtick::calibration
