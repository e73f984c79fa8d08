// media and cron under QEMU (TCG), configured through the Multiboot command line: the guest
// runs them and the summary has the simulator's timers.<name> keys. Whether QEMU keeps them
// on time is QEMU's business (TCG on a loaded host loses ticks), so only facts that hold
// however late it runs are checked. Skips where QEMU is not installed.
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>

#include "realvm/protocol.h"
#include "realvm/qemu/error.hpp"
#include "realvm/runner/run.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::realvm::runner {
namespace {

using nlohmann::ordered_json;

std::set<std::string> keys(const ordered_json& object) {
  std::set<std::string> out;
  for (const auto& [key, value] : object.items()) out.insert(key);
  return out;
}

std::string scenario_with(const std::string& workload) {
  return R"(
name: qemu-workload
host: {cpus: 2}
vmm: {timer_device: pit, lost_tick_policy: discard}
guest:
  hz: 100
  clocksource: jiffies
  workloads: [)" + workload + R"(]
run: {duration: 1s, seed: 5, sample_interval: 50ms}
)";
}

/// The summary's timers.<name> of a QEMU run and of the simulator's; nullopt without QEMU.
struct Timers {
  ordered_json real;
  ordered_json sim;
  vmm::RunResult vm;
};

std::optional<Timers> run_both(const std::string& workload, const char* name) {
  const sim::Scenario scenario = sim::parse_scenario(scenario_with(workload), "qemu-workload.yaml");
  RunOptions options;
  options.mapping.guest_image = VTICK_GUEST_IMAGE;
  options.mapping.engine = Engine::qemu_tcg;
  try {
    RealRun real = run_scenario(scenario, options);
    return Timers{real.outputs.summary["timers"][name],
                  sim::runner::run_scenario(scenario, {}).summary["timers"][name], std::move(real.vm)};
  } catch (const qemu::QemuUnavailable&) {
    return std::nullopt;
  }
}

TEST(QemuWorkloads, MediaRunsWithTheSimulatorsKeys) {
  const auto t = run_both("{name: video, kind: media, fps: 25}", "video");
  if (!t) GTEST_SKIP() << "needs qemu-system-x86_64";
  ASSERT_EQ(t->vm.reason, vmm::ExitReason::guest_exit) << vmm::describe(t->vm);
  EXPECT_EQ(keys(t->real), keys(t->sim));
  EXPECT_EQ(t->real["fps"], 25);
  // The guest runs until its own clock reaches 1 s: frames 1..24 or 25 by that clock.
  EXPECT_GE(t->real["count"].get<int>(), 24);
  const auto frames = t->vm.records_of(VTICK_TRACE_MEDIA_FRAME);
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames.front().arg, 40'000'000u);  // 1e9 / 25: the command line's fps reached the guest
}

TEST(QemuWorkloads, CronRunsWithTheSimulatorsKeys) {
  const auto t = run_both("{name: job, kind: cron, at: 700ms, check_interval: 200ms}", "job");
  if (!t) GTEST_SKIP() << "needs qemu-system-x86_64";
  ASSERT_EQ(t->vm.reason, vmm::ExitReason::guest_exit) << vmm::describe(t->vm);
  EXPECT_EQ(keys(t->real), keys(t->sim));
  EXPECT_EQ(t->real["ran"], true);
  EXPECT_EQ(t->real["checks"], 4);  // 0.8 s of a jiffies clock is the first check at or past 0.7 s
  EXPECT_GE(t->real["offset_ns"].get<std::int64_t>(), 0);
}

}  // namespace
}  // namespace vtick::realvm::runner
