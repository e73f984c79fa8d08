// The proposed clock schemes inside whole runs: pvclock's error bound and its advantage over
// tick counting under load, and NTP's hold on the offset with and without a network.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "protocols/scheme.hpp"
#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

struct Sample {
  std::int64_t host_ns;
  std::int64_t offset_ns;
};

std::vector<Sample> samples_of(const sim::runner::RunResult& r) {
  std::istringstream csv(text_of(r.series));
  std::string line;
  std::getline(csv, line);  // header: host_ns,guest_ns,offset_ns,...
  std::vector<Sample> out;
  while (std::getline(csv, line)) {
    std::istringstream fields(line);
    std::string host, guest, offset;
    std::getline(fields, host, ',');
    std::getline(fields, guest, ',');
    std::getline(fields, offset, ',');
    out.push_back({std::stoll(host), std::stoll(offset)});
  }
  return out;
}

TEST(Pvclock, ErrorStaysWithinRateErrorTimesUpdateIntervalPlusRounding) {
  for (const double ppm : {-150.0, 0.0, 35.0, 200.0}) {
    sim::Scenario s = shipped("loaded-host-compile.yaml");
    protocols::apply_scheme(s, "pvclock");
    s.host.tsc_ppm = ppm;
    s.vmm.pvclock_update_interval_ns = 250 * sim::kNsPerMs;
    s.run.sample_interval_ns = 7 * sim::kNsPerMs;  // not a divisor of the update interval
    const auto summary = run(s).summary;
    const auto bound = summary["scheme_details"]["pvclock"]["error_bound_ns"].get<std::int64_t>();
    EXPECT_LE(summary["clock"]["max_abs_offset_ns"].get<std::int64_t>(), bound) << ppm << " ppm";
    EXPECT_GE(bound, static_cast<std::int64_t>(std::abs(ppm) * 250'000 / 1000)) << "the bound includes the drift";
  }
}

TEST(Pvclock, DriftIsAHundredTimesSmallerThanEmulationWithDiscardUnderHeavyLoad) {
  sim::Scenario s = shipped("policies/discard.yaml");
  s.host.tsc_ppm = 50;  // even a poor crystal
  protocols::apply_scheme(s, "emulation");
  const double emulation = run(s).summary["clock"]["drift_ppm"].get<double>();
  protocols::apply_scheme(s, "pvclock");
  const double pvclock = run(s).summary["clock"]["drift_ppm"].get<double>();
  EXPECT_LT(emulation, -100000.0);
  EXPECT_LE(std::abs(pvclock) * 100, std::abs(emulation));
}

TEST(Pvclock, LateTicksStillMakeTimersLate) {
  sim::Scenario s = shipped("loaded-host-compile.yaml");
  protocols::apply_scheme(s, "pvclock");
  const auto summary = run(s).summary;
  EXPECT_EQ(summary["clock"]["max_abs_offset_ns"].get<std::int64_t>(), 0);
  EXPECT_GT(summary["timers"]["cyclic"]["lateness_ns"]["max"].get<std::int64_t>(), sim::kNsPerMs)
      << "the clock is right, but timers still wait for a tick";
}

TEST(Ntp, HoldsTheOffsetWhileTheNetworkIsUpAndKeepsItsFrequencyWhileItIsDown) {
  sim::Scenario s = shipped("schemes/ntp-outage.yaml");
  protocols::apply_scheme(s, "tsc+ntp");  // the raw clock drifts at tsc_ppm (20 ppm)
  s.ntp = sim::NtpSpec{};
  s.ntp->outages = {{1200 * sim::kNsPerSec, 1800 * sim::kNsPerSec}};
  s.host.tsc_ppm = 20;
  const auto result = run(s);
  const auto samples = samples_of(result);
  std::int64_t worst_up = 0;
  std::int64_t outage_start = 0;
  std::int64_t outage_end = 0;
  for (const auto& x : samples) {
    if (x.host_ns == 1200 * sim::kNsPerSec) outage_start = x.offset_ns;
    if (x.host_ns == 1800 * sim::kNsPerSec) outage_end = x.offset_ns;
    const bool converged = x.host_ns > 300 * sim::kNsPerSec;
    const bool up = x.host_ns < 1200 * sim::kNsPerSec || x.host_ns > 2100 * sim::kNsPerSec;
    if (converged && up) worst_up = std::max(worst_up, std::abs(x.offset_ns));
  }
  // Jitter 2 ms and a 64 s poll: the client's bound is about 3 ms (protocols/ntp tests).
  EXPECT_LT(worst_up, 3 * sim::kNsPerMs);
  EXPECT_GE(result.summary["scheme_details"]["ntp"]["failed_polls"].get<int>(), 9);
  // While down, the clock drifts only at what the learned frequency correction leaves of the
  // TSC's 20 ppm: far less than the 12 ms the raw clock gains in those 600 s.
  EXPECT_LT(std::abs(outage_end - outage_start), 3 * sim::kNsPerMs);
  // Without NTP the same clock drifts at the TSC's 20 ppm.
  protocols::apply_scheme(s, "tsc");
  EXPECT_NEAR(run(s).summary["clock"]["drift_ppm"].get<double>(), 20.0, 0.5);
}

}  // namespace
}  // namespace vtick::testing

namespace vtick::testing {
namespace {

TEST(TscClocksource, DriftsByTheTscErrorMinusTheCalibrationError) {
  sim::Scenario s = shipped("loaded-host-compile.yaml");
  protocols::apply_scheme(s, "tsc");
  s.host.tsc_ppm = 20;
  s.guest.tsc_calibration_ppm = 50;
  EXPECT_NEAR(run(s).summary["clock"]["drift_ppm"].get<double>(), -30.0, 0.1);
}

}  // namespace
}  // namespace vtick::testing
