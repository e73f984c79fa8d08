// Timer outsourcing inside whole runs: exactly-once, never-early delivery, and what it buys
// over tick-driven timers under the same host load.
#include <gtest/gtest.h>

#include "protocols/scheme.hpp"
#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

nlohmann::ordered_json run_as(const std::string& scheme, sim::Scenario s) {
  protocols::apply_scheme(s, scheme);
  return run(s).summary;
}

TEST(Outsourcing, EveryExpiryRunsOnceAndNeverEarlyOnAnAccurateClock) {
  const auto s = run_as("outsourcing+tsc", shipped("loaded-host-compile.yaml"));
  const auto& cyclic = s["timers"]["cyclic"];
  // 60 s of 10 ms periods; the one due at the last instant cannot have run yet.
  EXPECT_EQ(cyclic["count"].get<int>(), 5999);
  EXPECT_EQ(cyclic["early"].get<int>(), 0);
  const auto& o = s["scheme_details"]["outsourcing"];
  EXPECT_EQ(o["expiries_delivered"], o["host_expiries"]);
  EXPECT_EQ(o["stale_expiries_dropped"].get<int>(), 0);
  EXPECT_EQ(s["scheme"], "outsourcing+tsc");
}

TEST(Outsourcing, BeatsTickDrivenTimersUnderTheSameLoad) {
  const auto base = shipped("loaded-host-compile.yaml");
  const auto tick = run_as("tsc", base)["timers"]["cyclic"]["lateness_ns"];
  const auto outsourced = run_as("outsourcing+tsc", base)["timers"]["cyclic"]["lateness_ns"];
  EXPECT_LT(outsourced["p99"].get<std::int64_t>(), tick["p99"].get<std::int64_t>());
  EXPECT_LT(outsourced["p50"].get<std::int64_t>(), tick["p50"].get<std::int64_t>());
}

TEST(Outsourcing, AModuleInTheVmmProcessWaitsForItsRelayThread) {
  auto in_kernel = shipped("loaded-host-compile.yaml");
  auto in_vmm = in_kernel;
  in_vmm.vmm.outsourcing_module = sim::OutsourcingModule::VmmProcess;
  const auto kernel = run_as("outsourcing+tsc", in_kernel);
  const auto vmm = run_as("outsourcing+tsc", in_vmm);
  EXPECT_GT(vmm["timers"]["cyclic"]["lateness_ns"]["mean"].get<double>(),
            kernel["timers"]["cyclic"]["lateness_ns"]["mean"].get<double>());
  EXPECT_GT(vmm["host"]["tasks"]["vmm.outsourcing"]["cpu_ns"].get<std::int64_t>(), 0);
  EXPECT_EQ(vmm["timers"]["cyclic"]["early"].get<int>(), 0);
}

TEST(Outsourcing, TimersOnADriftingClockAreLateByTheClockError) {
  // Outsourcing fixes delivery, not the clock: deadlines in a tick-counting guest's clock
  // fall behind true time exactly as the clock does.
  const auto s = run_as("outsourcing", shipped("loaded-host-compile.yaml"));
  const auto max_late = s["timers"]["cyclic"]["lateness_ns"]["max"].get<std::int64_t>();
  const auto max_offset = s["clock"]["max_abs_offset_ns"].get<std::int64_t>();
  EXPECT_GT(max_late, max_offset / 2);
}

}  // namespace
}  // namespace vtick::testing
