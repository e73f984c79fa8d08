// The simulator's other timer workloads (media, tcp_rto, cron) in our real guest on
// /dev/kvm: each boots, runs, and yields timers.<name> with the simulator's keys for the
// same scenario, and lateness-<name>.csv; tcp_rto's losses are the simulator's draws, its
// ACKs come back in time at loss 0 and every segment is retransmitted, none early, at
// loss 1. Skips without KVM.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "realvm/protocol.h"
#include "realvm/runner/run.hpp"
#include "realvm/vmm/error.hpp"
#include "realvm/vmm/kvm_system.hpp"
#include "sim/rng.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::realvm::runner {
namespace {

using nlohmann::ordered_json;

/// A 1.5 s run at 100 Hz with the user-space PIT, around one workload. tcp_rto runs on
/// kvmclock: with a jiffies clock a timeout counts from the tick's grid, so a send on a tick
/// more than (rounding margin) late is retransmitted early in true time - real, but no
/// basis for "none early".
std::string scenario_with(const std::string& workload) {
  const bool tcp = workload.find("tcp_rto") != std::string::npos;
  return R"(
name: workload
host: {cpus: 2}
vmm: {timer_device: pit, lost_tick_policy: discard}
guest:
  hz: 100
  clocksource: )" + std::string(tcp ? "pvclock" : "jiffies") + R"(
  workloads: [)" + workload + R"(]
run: {duration: 1500ms, seed: 5, sample_interval: 50ms}
)";
}

const std::map<std::string, std::string> kWorkloads = {
    {"media", "{name: video, kind: media, fps: 30}"},
    {"cron", "{name: job, kind: cron, at: 1100ms, check_interval: 200ms}"},
    {"tcp", "{name: tcp, kind: tcp_rto, interval: 250ms, rtt: 20ms, rto: 95ms, loss: 0.4}"},
    {"tcp_lossless", "{name: tcp, kind: tcp_rto, interval: 250ms, rtt: 20ms, rto: 95ms, loss: 0}"},
    {"tcp_all_lost", "{name: tcp, kind: tcp_rto, interval: 250ms, rtt: 20ms, rto: 95ms, loss: 1}"},
};

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

struct Runs {
  std::unique_ptr<RealRun> real;
  std::unique_ptr<sim::runner::RunResult> sim;
  std::filesystem::path real_dir;
  std::filesystem::path sim_dir;
};

class Workloads : public ::testing::Test {
 protected:
  /// The real and simulated runs of kWorkloads.at(name), each made once per test binary.
  static const Runs& runs(const std::string& name) {
    auto& cached = cache()[name];
    if (!cached.real) {
      const sim::Scenario scenario = sim::parse_scenario(scenario_with(kWorkloads.at(name)), name + ".yaml");
      RunOptions options;
      options.mapping.guest_image = VTICK_GUEST_IMAGE;
      cached.real = std::make_unique<RealRun>(run_scenario(scenario, options));
      cached.sim = std::make_unique<sim::runner::RunResult>(sim::runner::run_scenario(scenario, {}));
      const auto out = std::filesystem::path(VTICK_BINARY_DIR) / "test-out" / "realvm_workloads" / name;
      cached.real_dir = out / "real";
      cached.sim_dir = out / "sim";
      sim::runner::write_outputs(cached.real->outputs, cached.real_dir);
      sim::runner::write_outputs(*cached.sim, cached.sim_dir);
    }
    return cached;
  }
  void SetUp() override {
    if (!kvm_usable()) GTEST_SKIP() << "needs a usable /dev/kvm";
  }

 private:
  static std::map<std::string, Runs>& cache() {
    static std::map<std::string, Runs> runs;
    return runs;
  }
};

const ordered_json& timers(const Runs& r, const char* name) { return r.real->outputs.summary["timers"][name]; }

void expect_simulators_keys(const Runs& r, const char* name) {
  ASSERT_EQ(r.real->vm.reason, vmm::ExitReason::guest_exit) << vmm::describe(r.real->vm);
  const ordered_json& sim_timer = r.sim->summary["timers"][name];
  ASSERT_TRUE(sim_timer.is_object());
  EXPECT_EQ(keys(timers(r, name)), keys(sim_timer));
  EXPECT_EQ(keys(timers(r, name)["lateness_ns"]), keys(sim_timer["lateness_ns"]));
  const std::string csv = std::string("lateness-") + name + ".csv";
  EXPECT_TRUE(std::filesystem::is_regular_file(r.sim_dir / csv)) << csv;
  EXPECT_TRUE(std::filesystem::is_regular_file(r.real_dir / csv)) << csv;
}

TEST_F(Workloads, MediaHasTheSimulatorsKeysAndEveryFrame) {
  const Runs& r = runs("media");
  expect_simulators_keys(r, "video");
  const ordered_json& video = timers(r, "video");
  // 1.5 s at 30 fps: 44 or 45 frames by the guest's clock.
  EXPECT_GE(video["count"].get<int>(), 43);
  EXPECT_EQ(video["fps"], 30);
  // A jiffies clock is never ahead and a frame waits for the tick covering its deadline.
  EXPECT_EQ(video["early"], 0);
  const auto frames = r.real->vm.records_of(VTICK_TRACE_MEDIA_FRAME);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const std::uint64_t k = i + 1;
    EXPECT_EQ(frames[i].id, k);
    EXPECT_EQ(frames[i].arg, k * 1'000'000'000 / 30) << "frame " << k;  // exact, not k x a rounded period
  }
  // trace.json marks each frame as the simulator marks each timer callback.
  const auto trace = ordered_json::parse(std::ifstream(r.real_dir / "trace.json"));
  std::size_t expiries = 0;
  for (const auto& event : trace["traceEvents"]) expiries += event.value("name", "") == "timer expiry";
  EXPECT_EQ(expiries, frames.size());
}

TEST_F(Workloads, CronRunsTheJobOnceAtTheFirstCheckPastItsDueTime) {
  const Runs& r = runs("cron");
  expect_simulators_keys(r, "job");
  const ordered_json& job = timers(r, "job");
  EXPECT_EQ(job["ran"], true);
  EXPECT_EQ(job["due_ns"], 1'100'000'000);
  EXPECT_EQ(job["count"], 1);
  // Checks at 0.2, 0.4, ... s of guest time: the 6th (1.2 s) is the first at or past 1.1 s.
  EXPECT_EQ(job["checks"], 6);
  // About 100 ms late by cron's granularity; never early with a clock that is never ahead.
  EXPECT_GE(job["offset_ns"].get<std::int64_t>(), 100'000'000 - 1'000'000);
  const auto checks = r.real->vm.records_of(VTICK_TRACE_CRON_CHECK);
  ASSERT_EQ(checks.size(), 6u);
  EXPECT_EQ(checks.back().arg, 1u);
  for (std::size_t i = 0; i + 1 < checks.size(); ++i) EXPECT_EQ(checks[i].arg, 0u) << "check " << i + 1;
}

TEST_F(Workloads, TcpRtoHasTheSimulatorsKeysAndItsLossDraws) {
  const Runs& r = runs("tcp");
  expect_simulators_keys(r, "tcp");
  const auto sends = r.real->vm.records_of(VTICK_TRACE_TCP_SEND);
  ASSERT_GE(sends.size(), 5u);  // 250 ms apart in 1.5 s
  // The guest draws from the simulator's stream for (seed, "tcp/<name>").
  sim::RandomStream draws(5, "tcp/tcp");
  std::uint64_t lost = 0;
  for (std::size_t i = 0; i < sends.size(); ++i) {
    const bool expect_lost = draws.uniform() < 0.4;
    EXPECT_EQ(sends[i].id, i + 1);
    EXPECT_EQ(sends[i].arg, expect_lost ? 1u : 0u) << "segment " << i + 1;
    lost += expect_lost;
  }
  const ordered_json& tcp = timers(r, "tcp");
  EXPECT_EQ(tcp["segments"], sends.size());
  EXPECT_EQ(tcp["lost"], lost);
  EXPECT_EQ(r.real->vm.counter("tcp_peer.sends"), sends.size() - lost);  // only what got through
  EXPECT_EQ(tcp["spurious_retransmits"], 0);
}

TEST_F(Workloads, TcpRtoWithoutLossNeverRetransmits) {
  const Runs& r = runs("tcp_lossless");
  expect_simulators_keys(r, "tcp");
  const ordered_json& tcp = timers(r, "tcp");
  const auto segments = tcp["segments"].get<std::uint64_t>();
  EXPECT_GE(segments, 5u);
  EXPECT_EQ(tcp["lost"], 0);
  EXPECT_EQ(tcp["retransmits"], 0);
  EXPECT_EQ(tcp["spurious_retransmits"], 0);
  EXPECT_EQ(tcp["count"], 0);
  // Every ACK reaches the guest 20 ms after its send, long before the next one; only the
  // last segment's may still be in flight when the guest's clock reaches the end.
  EXPECT_GE(tcp["acked"].get<std::uint64_t>(), segments - 1);
  EXPECT_EQ(r.real->vm.counter("tcp_peer.sends"), segments);
  EXPECT_EQ(r.real->vm.counter("hypercall.refused"), 0u);
}

TEST_F(Workloads, TcpRtoWithTotalLossRetransmitsEverySegmentNoneEarly) {
  const Runs& r = runs("tcp_all_lost");
  expect_simulators_keys(r, "tcp");
  const ordered_json& tcp = timers(r, "tcp");
  const auto segments = tcp["segments"].get<std::uint64_t>();
  EXPECT_GE(segments, 5u);
  EXPECT_EQ(tcp["lost"], segments);
  EXPECT_EQ(tcp["acked"], 0);
  EXPECT_EQ(r.real->vm.counter("tcp_peer.sends"), 0u);  // a lost segment never reaches the peer
  // The last segment's timer may still be pending when the run ends.
  EXPECT_GE(tcp["retransmits"].get<std::uint64_t>(), segments - 1);
  EXPECT_EQ(tcp["spurious_retransmits"], 0);
  EXPECT_EQ(tcp["count"], tcp["retransmits"]);
  // The timer is due at kvmclock's send + rto and runs on the first tick at or after it:
  // kvmclock is true time, so none is early.
  EXPECT_EQ(tcp["early"], 0);
  EXPECT_GE(tcp["lateness_ns"]["min"].get<std::int64_t>(), 0);
}

}  // namespace
}  // namespace vtick::realvm::runner
