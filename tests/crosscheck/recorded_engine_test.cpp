// A real trace is predicted with the costs of the engine that recorded it: summary.json's
// realvm.engine, read by the engine name table, re-reads the scenario for that engine.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "crosscheck/metrics.hpp"
#include "crosscheck/recorded_engine.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::crosscheck {
namespace {

namespace fs = std::filesystem;

class RecordedEngine : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vtick-recorded-engine-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "trace");
    std::ofstream(dir_ / "profile.yaml") << "vmm: {device_cost: 18us}\nengines:\n  qemu_tcg: {device_cost: 43us, vcpu_tick_cost: 11us}\n";
    std::ofstream(dir_ / "s.yaml") << "host_profile: profile.yaml\nvmm: {vm_exit: 4us}\nrun: {duration: 1s}\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  void summary(const std::string& json) { std::ofstream(dir_ / "trace" / "summary.json") << json; }

  fs::path dir_;
};

TEST_F(RecordedEngine, QemuTraceSwitchesThePredictionToQemusCosts) {
  summary(R"({"scenario": "s", "realvm": {"engine": "qemu_tcg"}})");
  sim::Scenario s = sim::load_scenario_file((dir_ / "s.yaml").string());
  EXPECT_EQ(s.vmm.device_cost_ns, 18'000);
  const auto note = model_recorded_engine(s, dir_ / "trace");
  ASSERT_TRUE(note);
  EXPECT_NE(note->find("recorded on engine qemu_tcg"), std::string::npos) << *note;
  EXPECT_EQ(s.vmm.engine, sim::VmmEngine::qemu_tcg);
  EXPECT_EQ(s.vmm.device_cost_ns, 43'000);
  EXPECT_EQ(s.vmm.vcpu_tick_cost_ns, 11'000);
}

TEST_F(RecordedEngine, SameEngineSimulatorTraceOrUnknownNameChangeNothing) {
  sim::Scenario s = sim::load_scenario_file((dir_ / "s.yaml").string());
  summary(R"({"scenario": "s", "realvm": {"engine": "kvm"}})");
  EXPECT_FALSE(model_recorded_engine(s, dir_ / "trace"));
  summary(R"({"scenario": "s", "sim": {"engine": "systemc"}})");
  EXPECT_FALSE(model_recorded_engine(s, dir_ / "trace"));
  summary(R"({"scenario": "s", "realvm": {"engine": "qemu-tcg"}})");  // an older spelling
  EXPECT_FALSE(model_recorded_engine(s, dir_ / "trace"));
  EXPECT_EQ(s.vmm.engine, sim::VmmEngine::kvm);
  summary("not json");
  EXPECT_THROW((void)recorded_engine(dir_ / "trace"), TraceError);
}

}  // namespace
}  // namespace vtick::crosscheck
