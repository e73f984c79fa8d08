// A 1 s scenario under QEMU (TCG) through the runner: the same outputs as a KVM run, with
// the simulator's summary schema, realvm.engine "qemu_tcg", null for the counters only our
// VMM's PIT keeps, and the guest's timers and ticks where an idle run puts them. Skips
// where QEMU is not installed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "realvm/qemu/error.hpp"
#include "realvm/runner/run.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::realvm::runner {
namespace {

using nlohmann::ordered_json;

constexpr const char* kScenario = R"(
name: qemu-e2e
host: {cpus: 2}
vmm: {timer_device: pit, lost_tick_policy: discard}
guest:
  hz: 100
  clocksource: jiffies
  workloads: [{name: cyclic, kind: periodic_timer, period: 20ms}]
run: {duration: 1s, seed: 5, sample_interval: 50ms}
)";

std::set<std::string> keys(const ordered_json& object) {
  std::set<std::string> out;
  for (const auto& [key, value] : object.items()) out.insert(key);
  return out;
}

class QemuEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const sim::Scenario scenario = sim::parse_scenario(kScenario, "qemu-e2e.yaml");
    RunOptions options;
    options.mapping.guest_image = VTICK_GUEST_IMAGE;
    options.mapping.engine = Engine::qemu_tcg;
    try {
      real_ = new RealRun(run_scenario(scenario, options));
    } catch (const qemu::QemuUnavailable& e) {
      skip_reason_ = e.what();
      return;
    }
    dir_ = std::filesystem::path(VTICK_BINARY_DIR) / "test-out" / "realvm_runner" / "qemu";
    sim::runner::write_outputs(real_->outputs, dir_);
    sim_ = new sim::runner::RunResult(sim::runner::run_scenario(scenario, {}));
  }
  static void TearDownTestSuite() {
    delete real_;
    delete sim_;
  }
  void SetUp() override {
    if (!real_) GTEST_SKIP() << "needs qemu-system-x86_64: " << skip_reason_;
  }

  static inline RealRun* real_ = nullptr;
  static inline sim::runner::RunResult* sim_ = nullptr;
  static inline std::filesystem::path dir_;
  static inline std::string skip_reason_;
};

TEST_F(QemuEndToEnd, GuestFinishesAndTheSummaryNamesQemu) {
  ASSERT_EQ(real_->vm.reason, vmm::ExitReason::guest_exit) << vmm::describe(real_->vm);
  const auto summary = ordered_json::parse(std::ifstream(dir_ / "summary.json"));
  EXPECT_EQ(summary["realvm"]["engine"], "qemu_tcg");
  EXPECT_EQ(summary["realvm"]["guest_exit_code"], 0);
  EXPECT_GT(summary["realvm"]["counters"]["qemu.trace_lines"].get<std::int64_t>(), 20);
  const auto trace = ordered_json::parse(std::ifstream(dir_ / "trace.json"));
  EXPECT_GT(trace["traceEvents"].size(), 20u);
}

TEST_F(QemuEndToEnd, SummaryHasTheSimulatorsKeys) {
  std::set<std::string> sim_top = keys(sim_->summary);
  std::set<std::string> real_top = keys(real_->outputs.summary);
  sim_top.erase("sim");
  real_top.erase("realvm");
  real_top.erase("ignored");
  EXPECT_EQ(real_top, sim_top);
  for (const char* section : {"clock", "ticks", "cost", "host"}) {
    EXPECT_EQ(keys(real_->outputs.summary[section]), keys(sim_->summary[section])) << section;
  }
}

TEST_F(QemuEndToEnd, QemusPitCountersAreNullNotZero) {
  const auto& ticks = real_->outputs.summary["ticks"];
  for (const char* counter : {"expected", "lost", "reinjected", "merged", "coalesced", "gave_up", "backlog_max"}) {
    EXPECT_TRUE(ticks[counter].is_null()) << counter << " = " << ticks[counter];
  }
  EXPECT_TRUE(real_->outputs.summary["cost"]["injections"].is_null());
}

TEST_F(QemuEndToEnd, TicksAndTimersArrive) {
  const auto& summary = real_->outputs.summary;
  // 1 s at 100 Hz: QEMU's PIT under TCG can drop a tick or two on a busy host, not tens.
  EXPECT_GE(summary["ticks"]["delivered"].get<std::int64_t>(), 80);
  EXPECT_GE(summary["timers"]["cyclic"]["count"].get<std::int64_t>(), 40);
  EXPECT_EQ(summary["timers"]["cyclic"]["early"].get<std::int64_t>(), 0);
  EXPECT_GE(real_->outputs.series.rows(), 15u);
}

}  // namespace
}  // namespace vtick::realvm::runner
