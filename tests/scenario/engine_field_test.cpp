// vmm.engine: its one name table, its errors (file:line:column, the field, the choices),
// the fields a TCG engine refuses, the at-rest shares' range, and a profile's engines
// section's own errors.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "sim/scenario_names.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::sim {
namespace {

std::string error_of(std::string_view yaml, const std::string& file = "t.yaml") {
  try {
    (void)parse_scenario(yaml, file);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

void expect_error(std::string_view yaml, const std::string& prefix, std::string_view reason,
                  const std::string& file = "t.yaml") {
  const std::string what = error_of(yaml, file);
  EXPECT_EQ(what.substr(0, prefix.size()), prefix) << what;
  EXPECT_NE(what.find(reason, prefix.size()), std::string::npos) << what;
}

TEST(EngineField, DefaultIsOurKvmVmmAndEveryNameReadsBack) {
  EXPECT_EQ(parse_scenario("run: {duration: 1s}\n", "t.yaml").vmm.engine, VmmEngine::kvm);
  for (const auto& c : kVmmEngines) {
    const Scenario s = parse_scenario("vmm: {engine: " + std::string(c.name) + "}\nrun: {duration: 1s}\n", "t.yaml");
    EXPECT_EQ(s.vmm.engine, c.value);
    EXPECT_EQ(vmm_engine_named(c.name), c.value);
  }
  EXPECT_FALSE(vmm_engine_named("qemu-tcg"));
}

TEST(EngineField, Errors) {
  expect_error("run: {duration: 1s}\nvmm:\n  engine: qemu_tgc\n", "t.yaml:3:11: vmm.engine: ",
               "expected one of kvm, qemu_tcg, qemu_kvm, qemu_tcg_linux, got 'qemu_tgc' (did you mean 'qemu_tcg'?)");
  expect_error("run: {duration: 1s}\nvmm:\n  engine: qemu_tcg\n  vm_exit: 4us\n", "t.yaml:4:3: vmm.vm_exit: ",
               "'vm_exit' does not apply to engine 'qemu_tcg': TCG has no VM exits");
  expect_error("run: {duration: 1s}\nvmm: {engine: qemu_tcg_linux, inject: 4us}\n", "t.yaml:2:31: vmm.inject: ",
               "'inject' does not apply to engine 'qemu_tcg_linux'");
  expect_error("run: {duration: 1s}\nvmm: {vcpu_rest_cpu: 1}\n", "t.yaml:2:22: vmm.vcpu_rest_cpu: ",
               "a share of one CPU must be in [0, 1), got 1");
  expect_error("run: {duration: 1s}\nvmm: {timer_rest_cpu: -0.1}\n", "t.yaml:2:23: vmm.timer_rest_cpu: ",
               "must be in [0, 1)");
  expect_error("run: {duration: 1s}\nvmm: {vcpu_tick_cost: -3us}\n", "t.yaml:2:23: vmm.vcpu_tick_cost: ", "negative");
  // On KVM engines the exit costs stand.
  EXPECT_EQ(parse_scenario("vmm: {engine: qemu_kvm, vm_exit: 4us}\nrun: {duration: 1s}\n", "t.yaml").vmm.vm_exit_ns, 4000);
}

TEST(EngineField, AnEngineFromOutsideKeepsTheFilesExitCostsUnused) {
  const Scenario s = parse_scenario("vmm: {vm_exit: 4us}\nrun: {duration: 1s}\n", "t.yaml",
                                    ParseOptions{VmmEngine::qemu_tcg});
  EXPECT_EQ(s.vmm.engine, VmmEngine::qemu_tcg);
  EXPECT_EQ(s.vmm.vm_exit_ns, 4000);
}

const std::string kDir = std::string(VTICK_SOURCE_DIR) + "/tests/scenario";

TEST(EngineField, ProfileEnginesErrorsNameTheProfile) {
  const std::string scenario = kDir + "/t.yaml";
  const std::string profile = kDir + "/profiles/bad-engine.yaml";
  expect_error("host_profile: profiles/bad-engine.yaml\nrun: {duration: 1s}\n", profile + ":3:3: engines.qemu_tgc: ",
               "unknown engine 'qemu_tgc' (did you mean 'qemu_tcg'?)", scenario);
  expect_error("host_profile: profiles/engine-not-a-cost.yaml\nrun: {duration: 1s}\n",
               kDir + "/profiles/engine-not-a-cost.yaml:3:14: engines.qemu_tcg.nice: ",
               "a host profile holds measured costs and kernel facts only; 'nice' is not one", scenario);
}

}  // namespace
}  // namespace vtick::sim
