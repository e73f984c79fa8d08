// CpuScheduler::steal (host.noise) and stall (host.stalls): the layer below takes a CPU for a
// while without the host knowing. Worked by hand on one eevdf CPU, no context-switch cost, the
// host tick at 0, 4 ms, ...
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <vector>

#include "models/host/host_kernel.hpp"

namespace vtick::models::host {
namespace {

using sim::kNsPerMs;
using sim::kNsPerUs;

/// Records when each of its bursts ended; then sleeps.
struct Recorder : TaskBody {
  std::vector<TimeNs> ends;
  TimeNs on_burst_complete(TaskId, TimeNs now) override {
    ends.push_back(now);
    return 0;
  }
};

struct OneCpu {
  sim::Simulation sim{sim::EngineKind::Direct};
  HostKernel kernel{sim, [] {
                      sim::HostSpec spec;
                      spec.cpus = 1;
                      spec.scheduler.scheduler_class = sim::SchedulerClass::Eevdf;
                      spec.scheduler.context_switch_ns = 0;
                      return spec;
                    }(),
                    1};
  std::vector<std::unique_ptr<Recorder>> bodies;
  CpuScheduler& sched() { return kernel.scheduler(); }
  TaskId add() {
    bodies.push_back(std::make_unique<Recorder>());
    TaskParams params;
    params.name = "t" + std::to_string(bodies.size());
    return sched().add_task(params, *bodies.back());
  }
  /// Runs `action` at `when`.
  struct Call final : sim::EventHandler {
    std::function<void()> action;
    explicit Call(std::function<void()> f) : action(std::move(f)) {}
    void on_event(std::uint32_t, std::uint64_t) override { action(); }
  };
  std::vector<std::unique_ptr<Call>> calls;
  void at(TimeNs when, std::function<void()> action) {
    calls.push_back(std::make_unique<Call>(std::move(action)));
    sim.at(when, sim::EventPriority::HostNoise, *calls.back(), 0);
  }
};

// A 1 ms burst from 0, 200 us stolen at 500 us: the burst ends at 1.2 ms, and the task is
// charged all 1.2 ms (the host does not know the CPU was away).
TEST(Steal, TheRunningTaskMakesNoProgressButIsChargedTheTime) {
  OneCpu plain;
  OneCpu host;
  plain.sched().start(plain.add(), 1 * kNsPerMs);
  const TaskId t = host.add();
  host.sched().start(t, 1 * kNsPerMs);
  bool stole = false;
  host.at(500 * kNsPerUs, [&] { stole = host.sched().steal(0, 200 * kNsPerUs); });
  plain.sim.run_until(5 * kNsPerMs);
  host.sim.run_until(5 * kNsPerMs);
  EXPECT_TRUE(stole);
  ASSERT_EQ(host.bodies[0]->ends.size(), 1U);
  EXPECT_EQ(host.bodies[0]->ends[0], 1200 * kNsPerUs);
  EXPECT_EQ(host.sched().cpu_time(t), 1200 * kNsPerUs);
  EXPECT_EQ(host.sched().context_switches(), plain.sched().context_switches()) << "a gap is no switch";
}

// A hog runs; at 1 ms a second task wakes with a 100 us burst and preempts it (its lag
// puts it first). With 300 us stolen from 900 us, the wake-up is handled at once but the
// switch waits for the CPU to come back at 1.2 ms: the burst ends at 1.3 ms, not 1.1 ms.
TEST(Steal, AWakeUpDuringTheGapRunsWhenTheCpuComesBack) {
  OneCpu plain;
  OneCpu stolen;
  for (OneCpu* host : {&plain, &stolen}) {
    const TaskId hog = host->add();
    const TaskId sleeper = host->add();
    host->sched().start(hog, kEndlessBurst);
    host->at(1 * kNsPerMs, [host, sleeper] { host->sched().wake(sleeper, 100 * kNsPerUs); });
  }
  stolen.at(900 * kNsPerUs, [&] { stolen.sched().steal(0, 300 * kNsPerUs); });
  plain.sim.run_until(3 * kNsPerMs);
  stolen.sim.run_until(3 * kNsPerMs);
  ASSERT_EQ(plain.bodies[1]->ends.size(), 1U);
  EXPECT_EQ(plain.bodies[1]->ends[0], 1100 * kNsPerUs) << "without the gap it preempts at once";
  ASSERT_EQ(stolen.bodies[1]->ends.size(), 1U);
  EXPECT_EQ(stolen.bodies[1]->ends[0], 1300 * kNsPerUs);
}

TEST(Steal, AnIdleCpuHasNothingToLose) {
  OneCpu host;
  host.add();
  EXPECT_FALSE(host.sched().steal(0, 100 * kNsPerUs));
}

// A stall of an idle CPU from 1 ms to 6 ms: a task woken at 2 ms with a 100 us burst runs
// from 6 ms, and its burst ends at 6.1 ms. On a busy CPU a stall is a steal.
TEST(Stall, AWakeUpOnAStalledIdleCpuRunsWhenTheStallIsOver) {
  OneCpu plain;
  OneCpu stalled;
  for (OneCpu* host : {&plain, &stalled}) {
    const TaskId sleeper = host->add();
    host->at(2 * kNsPerMs, [host, sleeper] { host->sched().wake(sleeper, 100 * kNsPerUs); });
  }
  stalled.at(1 * kNsPerMs, [&] { stalled.sched().stall(0, 5 * kNsPerMs); });
  plain.sim.run_until(10 * kNsPerMs);
  stalled.sim.run_until(10 * kNsPerMs);
  ASSERT_EQ(plain.bodies[0]->ends.size(), 1U);
  EXPECT_EQ(plain.bodies[0]->ends[0], 2100 * kNsPerUs);
  ASSERT_EQ(stalled.bodies[0]->ends.size(), 1U);
  EXPECT_EQ(stalled.bodies[0]->ends[0], 6100 * kNsPerUs);
  EXPECT_EQ(stalled.sched().cpu_time(0), 100 * kNsPerUs) << "an idle CPU's stall is charged to no task";
}

TEST(Stall, OnABusyCpuItIsASteal) {
  OneCpu host;
  const TaskId t = host.add();
  host.sched().start(t, 1 * kNsPerMs);
  host.at(500 * kNsPerUs, [&] { host.sched().stall(0, 2 * kNsPerMs); });
  host.sim.run_until(5 * kNsPerMs);
  ASSERT_EQ(host.bodies[0]->ends.size(), 1U);
  EXPECT_EQ(host.bodies[0]->ends[0], 3 * kNsPerMs);
}

// A task queued on an idle CPU whose pick is already due (woken at 1 ms, no wake-up latency,
// dispatched at 1 ms) and a stall at the same instant, drawn first: the pick waits for the end.
TEST(Stall, APickAlreadyDueWaitsForTheStallsEnd) {
  OneCpu host;
  const TaskId t = host.add();
  host.at(1 * kNsPerMs, [&] {
    host.sched().wake(t, 100 * kNsPerUs);
    host.sched().stall(0, 3 * kNsPerMs);
  });
  host.sim.run_until(10 * kNsPerMs);
  ASSERT_EQ(host.bodies[0]->ends.size(), 1U);
  EXPECT_EQ(host.bodies[0]->ends[0], 4100 * kNsPerUs);
}

// A wake-up at 2 ms that preempts a hog (whose slice is long over), and in the same instant,
// before the pick, 100 us stolen from the CPU: the pick waits for the steal and then runs the
// woken task (its 100 us burst ends at 2.2 ms). Re-arming the CPU for the steal once dropped
// the pending pick, and the hog kept the CPU for the rest of its 1 s burst.
TEST(Steal, APendingPreemptionSurvivesASteal) {
  for (const bool stall : {false, true}) {
    OneCpu host;
    const TaskId hog = host.add();
    const TaskId woken = host.add();
    host.sched().start(hog, 1000 * kNsPerMs);
    host.at(2 * kNsPerMs, [&] {
      host.sched().wake(woken, 100 * kNsPerUs);
      if (stall) {
        host.sched().stall(0, 100 * kNsPerUs);
      } else {
        host.sched().steal(0, 100 * kNsPerUs);
      }
    });
    host.sim.run_until(10 * kNsPerMs);
    ASSERT_EQ(host.bodies[woken]->ends.size(), 1U) << (stall ? "stall" : "steal");
    EXPECT_EQ(host.bodies[woken]->ends[0], 2200 * kNsPerUs) << (stall ? "stall" : "steal");
  }
}

// The same for a burst replaced while a preemption is pending (a vCPU kicked out of guest
// code by another interrupt): set_burst re-arms the CPU and must keep the pick.
TEST(Steal, APendingPreemptionSurvivesANewBurst) {
  OneCpu host;
  const TaskId hog = host.add();
  const TaskId woken = host.add();
  host.sched().start(hog, 1000 * kNsPerMs);
  host.at(2 * kNsPerMs, [&] {
    host.sched().wake(woken, 100 * kNsPerUs);
    host.sched().set_burst(hog, 900 * kNsPerMs);
  });
  host.sim.run_until(10 * kNsPerMs);
  ASSERT_EQ(host.bodies[woken]->ends.size(), 1U);
  EXPECT_EQ(host.bodies[woken]->ends[0], 2100 * kNsPerUs);
}

// A steal is no scheduling point: the host kernel does not see the CPU go, so the running
// task's vruntime is not brought up to date when it comes back. The example of
// Eevdf.ADelayedSleeperWokenKeepsItsPlaceByTheLagBeforeUpdateCurr (HZ 100, S nice 0 delayed at
// 6000 us with v 6000, H nice 5 running from 6000, S woken at 8500) with 100 us stolen from
// 8000: H's vruntime is still that of 6000 when S wakes, so S's lag is -1479 v and it keeps
// v 6000 and deadline 6700, as without the steal. Accounting H when the CPU came back (8100,
// v 2100 x 3.0567 = 6419) would have given S a positive lag and a new place at v 6419.
TEST(Steal, TheCpuComingBackIsNoAccountingPoint) {
  sim::Simulation sim{sim::EngineKind::Direct};
  sim::HostSpec spec;
  spec.cpus = 1;
  spec.hz = 100;
  spec.scheduler.scheduler_class = sim::SchedulerClass::Eevdf;
  spec.scheduler.context_switch_ns = 0;
  HostKernel kernel(sim, spec, 1);
  Recorder sleeper_body;
  Recorder hog_body;
  CpuScheduler& sched = kernel.scheduler();
  TaskParams sleeper;
  sleeper.name = "s";
  TaskParams hog;
  hog.name = "h";
  hog.nice = 5;
  const TaskId s = sched.add_task(sleeper, sleeper_body);
  const TaskId h = sched.add_task(hog, hog_body);
  sched.start(s, 6000 * kNsPerUs);
  sched.start(h, 1000 * kNsPerMs);
  sim.run_until(8000 * kNsPerUs);
  ASSERT_TRUE(sched.steal(0, 100 * kNsPerUs));
  sim.run_until(8500 * kNsPerUs);
  ASSERT_TRUE(sched.fair_state(s).delayed);
  EXPECT_NEAR(sched.fair_state(h).vruntime_ns, 0, 1) << "not accounted since it was picked at 6000 us";
  sched.wake(s, 100 * kNsPerUs);
  EXPECT_NEAR(sched.fair_state(s).vruntime_ns / 1000, 6000, 0.01);
  EXPECT_NEAR(sched.fair_state(s).deadline_ns / 1000, 6700, 0.01);
  sim.run_until(8500 * kNsPerUs);
  EXPECT_EQ(sched.state(s), TaskState::Running);
}

}  // namespace
}  // namespace vtick::models::host
