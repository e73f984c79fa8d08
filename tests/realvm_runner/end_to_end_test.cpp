// A 1 s scenario on /dev/kvm through the runner: the three output files exist, summary.json
// and series.csv have the simulator's schema (compared with a simulator run of the same
// scenario), and the idle guest's clock is where it should be. Skips without KVM.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "realvm/runner/run.hpp"
#include "realvm/vmm/error.hpp"
#include "realvm/vmm/kvm_system.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::realvm::runner {
namespace {

using nlohmann::ordered_json;

constexpr const char* kScenario = R"(
name: e2e
host: {cpus: 2}
vmm: {timer_device: pit, lost_tick_policy: discard}
guest:
  hz: 100
  clocksource: jiffies
  workloads: [{name: cyclic, kind: periodic_timer, period: 20ms}]
run: {duration: 1s, seed: 3, sample_interval: 50ms}
)";

bool kvm_usable() {
  try {
    vmm::KvmSystem kvm;
    return true;
  } catch (const vmm::KvmUnavailable&) {
    return false;
  }
}

std::set<std::string> keys(const ordered_json& object) {
  std::set<std::string> out;
  for (const auto& [key, value] : object.items()) out.insert(key);
  return out;
}

std::string first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

class EndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!kvm_usable()) return;
    const sim::Scenario scenario = sim::parse_scenario(kScenario, "e2e.yaml");
    RunOptions options;
    options.mapping.guest_image = VTICK_GUEST_IMAGE;
    real_ = new RealRun(run_scenario(scenario, options));
    real_dir_ = std::filesystem::path(VTICK_BINARY_DIR) / "test-out" / "realvm_runner" / "real";
    sim_dir_ = std::filesystem::path(VTICK_BINARY_DIR) / "test-out" / "realvm_runner" / "sim";
    sim::runner::write_outputs(real_->outputs, real_dir_);
    sim_ = new sim::runner::RunResult(sim::runner::run_scenario(scenario, {}));
    sim::runner::write_outputs(*sim_, sim_dir_);
  }
  static void TearDownTestSuite() {
    delete real_;
    delete sim_;
  }
  void SetUp() override {
    if (!real_) GTEST_SKIP() << "needs a usable /dev/kvm";
  }

  static inline RealRun* real_ = nullptr;
  static inline sim::runner::RunResult* sim_ = nullptr;
  static inline std::filesystem::path real_dir_;
  static inline std::filesystem::path sim_dir_;
};

TEST_F(EndToEnd, GuestFinishesAndWritesTheThreeFiles) {
  EXPECT_EQ(real_->vm.reason, vmm::ExitReason::guest_exit) << vmm::describe(real_->vm);
  for (const char* file : {"summary.json", "series.csv", "trace.json", "lateness-cyclic.csv"}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(real_dir_ / file)) << file;
  }
  const auto summary = ordered_json::parse(std::ifstream(real_dir_ / "summary.json"));
  EXPECT_EQ(summary["realvm"]["engine"], "kvm");
  EXPECT_EQ(summary["realvm"]["exit_reason"], "guest_exit");
  const auto trace = ordered_json::parse(std::ifstream(real_dir_ / "trace.json"));
  EXPECT_GT(trace["traceEvents"].size(), 20u);
}

TEST_F(EndToEnd, SummaryHasTheSimulatorsKeys) {
  std::set<std::string> sim_top = keys(sim_->summary);
  std::set<std::string> real_top = keys(real_->outputs.summary);
  // The simulator's "sim" section becomes "realvm"; "ignored" lists unused model fields.
  sim_top.erase("sim");
  real_top.erase("realvm");
  real_top.erase("ignored");
  EXPECT_EQ(real_top, sim_top);
  for (const char* section : {"clock", "ticks", "cost", "host"}) {
    EXPECT_EQ(keys(real_->outputs.summary[section]), keys(sim_->summary[section])) << section;
  }
  EXPECT_EQ(keys(real_->outputs.summary["timers"]["cyclic"]), keys(sim_->summary["timers"]["cyclic"]));
  EXPECT_EQ(keys(real_->outputs.summary["timers"]["cyclic"]["lateness_ns"]),
            keys(sim_->summary["timers"]["cyclic"]["lateness_ns"]));
}

TEST_F(EndToEnd, SeriesHasTheSimulatorsColumns) {
  EXPECT_EQ(first_line(real_dir_ / "series.csv"), first_line(sim_dir_ / "series.csv"));
  // 1 s at 50 ms: about 20 samples (the guest samples by its own clock).
  EXPECT_GE(real_->outputs.series.rows(), 15u);
}

TEST_F(EndToEnd, IdleClockStaysWithinATick) {
  const auto& clock = real_->outputs.summary["clock"];
  ASSERT_FALSE(clock["max_abs_offset_ns"].is_null());
  EXPECT_LT(clock["max_abs_offset_ns"].get<std::int64_t>(), 10'000'000);
  const auto& ticks = real_->outputs.summary["ticks"];
  EXPECT_GE(ticks["delivered"].get<std::int64_t>(), 90);
  EXPECT_GE(ticks["expected"].get<std::int64_t>(), ticks["delivered"].get<std::int64_t>());
  EXPECT_GE(real_->outputs.summary["timers"]["cyclic"]["count"].get<std::int64_t>(), 40);
}

}  // namespace
}  // namespace vtick::realvm::runner
