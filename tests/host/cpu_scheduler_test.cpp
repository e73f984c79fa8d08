#include "models/host/cpu_scheduler.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "models/host/host_kernel.hpp"
#include "models/host/load_task.hpp"

namespace vtick::models::host {
namespace {

using sim::kNsPerMs;
using sim::kNsPerSec;

sim::LoadTaskSpec hog(int nice, std::vector<int> affinity = {}) {
  sim::LoadTaskSpec spec;
  spec.kind = sim::LoadKind::CpuHog;
  spec.nice = nice;
  spec.affinity = std::move(affinity);
  return spec;
}

struct Host {
  sim::Simulation sim{sim::EngineKind::Direct};
  HostKernel kernel;
  std::vector<std::unique_ptr<LoadTask>> tasks;
  explicit Host(int cpus, sim::SchedulerSpec scheduler = {}) : kernel(sim, [&] {
    sim::HostSpec spec;
    spec.cpus = cpus;
    spec.scheduler = scheduler;
    return spec;
  }(), 1) {}
  TaskId add(const sim::LoadTaskSpec& spec) {
    tasks.push_back(make_load_task(kernel, spec, "t" + std::to_string(tasks.size()), 1));
    return tasks.back()->id();
  }
};

TEST(CpuScheduler, CpuSharesFollowNiceWeightsWithinOnePercentOverTenSeconds) {
  Host host(1);
  const std::vector<int> nices = {0, 5, -3, 10};
  std::vector<TaskId> ids;
  for (int nice : nices) ids.push_back(host.add(hog(nice)));
  host.sim.run_until(10 * kNsPerSec);

  double total_weight = 0;
  for (int nice : nices) total_weight += static_cast<double>(nice_to_weight(nice));
  TimeNs total_cpu = 0;
  for (TaskId id : ids) total_cpu += host.kernel.scheduler().cpu_time(id);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const double expected = static_cast<double>(nice_to_weight(nices[i])) / total_weight;
    const double share = static_cast<double>(host.kernel.scheduler().cpu_time(ids[i])) / static_cast<double>(total_cpu);
    EXPECT_NEAR(share / expected, 1.0, 0.01) << "nice " << nices[i];
  }
  // Context switches take the rest of the CPU.
  EXPECT_GT(total_cpu, 10 * kNsPerSec * 99 / 100);
  EXPECT_LE(total_cpu, 10 * kNsPerSec);
}

TEST(CpuScheduler, TasksSpreadOverAllowedCpusAndRespectAffinity) {
  Host host(2);
  const TaskId pinned_a = host.add(hog(0, {1}));
  const TaskId pinned_b = host.add(hog(0, {1}));
  const TaskId free = host.add(hog(0));
  host.sim.run_until(2 * kNsPerSec);
  auto& sched = host.kernel.scheduler();
  EXPECT_EQ(sched.cpu_of(pinned_a), 1);
  EXPECT_EQ(sched.cpu_of(pinned_b), 1);
  EXPECT_EQ(sched.cpu_of(free), 0);
  EXPECT_NEAR(static_cast<double>(sched.cpu_time(free)) / (2.0 * kNsPerSec), 1.0, 0.01);
  EXPECT_NEAR(static_cast<double>(sched.cpu_time(pinned_a)) / static_cast<double>(sched.cpu_time(pinned_b)), 1.0, 0.01);
}

TEST(CpuScheduler, FifoTaskPreemptsFairTasksImmediately) {
  Host host(1);
  host.add(hog(0));
  sim::LoadTaskSpec rt;
  rt.kind = sim::LoadKind::Duty;
  rt.policy = sim::SchedPolicy::Fifo;
  rt.rt_priority = 50;
  rt.run_ns = 20 * kNsPerMs;
  rt.period_ns = 100 * kNsPerMs;
  rt.phase_ns = 5 * kNsPerMs;
  const TaskId rt_id = host.add(rt);
  host.sim.run_until(1 * kNsPerSec);
  // Ten periods of exactly 20 ms each, no slack for real-time sleeps.
  EXPECT_EQ(host.kernel.scheduler().cpu_time(rt_id), 10 * 20 * kNsPerMs);
}

/// Records when it got the CPU after each wakeup.
struct WakeLatencyProbe : TaskBody, HostTimerClient {
  HostKernel& host;
  TaskId id = kNoTask;
  HostTimerId timer;
  TimeNs woke_at = 0;
  TimeNs worst = 0;
  int runs = 0;
  explicit WakeLatencyProbe(HostKernel& h) : host(h), timer(h.timers().create(*this)) {}
  TimeNs on_burst_complete(TaskId, TimeNs now) override {
    // The burst is 1 us, so the run began at now - 1 us. The first wakeup is a new task's
    // (no sleeper credit yet, like a fork), so it does not count.
    if (runs++ > 0) worst = std::max(worst, now - sim::kNsPerUs - woke_at);
    host.timers().arm(timer, host.timer_cpu(id), now + 10 * kNsPerMs, 0);
    return 0;
  }
  void on_host_timer(HostTimerId, TimeNs now) override {
    woke_at = now;
    host.scheduler().wake(id, sim::kNsPerUs);
  }
};

TEST(CpuScheduler, SleeperPreemptsHogsOnWakeup) {
  Host host(1);
  for (int i = 0; i < 3; ++i) host.add(hog(0));
  WakeLatencyProbe probe(host.kernel);
  probe.id = host.kernel.scheduler().add_task(TaskParams{.name = "probe", .affinity = {}}, probe);
  host.kernel.timers().arm(probe.timer, 0, kNsPerMs, 0);
  host.sim.run_until(kNsPerSec);
  EXPECT_GE(probe.runs, 99);
  // The sleeper's vruntime credit beats wakeup_granularity: it runs after one context switch.
  EXPECT_EQ(probe.worst, host.kernel.spec().scheduler.context_switch_ns);
}

TEST(CpuScheduler, StoppedTaskGetsNoMoreCpu) {
  Host host(1);
  auto spec = hog(0);
  spec.stop_ns = 300 * kNsPerMs;
  const TaskId stopped = host.add(spec);
  const TaskId other = host.add(hog(0));
  host.sim.run_until(kNsPerSec);
  auto& sched = host.kernel.scheduler();
  EXPECT_EQ(sched.state(stopped), TaskState::Exited);
  EXPECT_NEAR(static_cast<double>(sched.cpu_time(stopped)), 150.0 * kNsPerMs, 3.0 * kNsPerMs);
  EXPECT_NEAR(static_cast<double>(sched.cpu_time(other)), 850.0 * kNsPerMs, 3.0 * kNsPerMs);
}

}  // namespace
}  // namespace vtick::models::host
