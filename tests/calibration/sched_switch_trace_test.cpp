// calibration/sched_switch_trace on this host's tracefs: a thread of a known name that
// sleeps and wakes 20 times shows as 20 wake-ups, each with the CPU time it spun; a thread that
// another wakes through a pipe 20 times shows 20 sched_waking events naming both. Skips where
// tracefs cannot be used (not mounted and not mountable, or not writable).
#include <gtest/gtest.h>
#include <pthread.h>

#include <chrono>
#include <thread>
#include <unistd.h>
#include <filesystem>
#include <optional>
#include <climits>

#include "calibration/sched_switch_trace.hpp"

namespace vtick::calibration {
namespace {

using namespace std::chrono_literals;

constexpr const char* kName = "vtick-trace-t";
constexpr int kWakeups = 20;

void spin_for(std::chrono::microseconds d) {
  const auto until = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < until) {
  }
}

TEST(SchedSwitchTrace, SeesEachWakeUpOfANamedThread) {
  std::optional<SchedSwitchTrace> trace;
  try {
    trace.emplace(std::vector<std::string>{kName});
  } catch (const TracefsUnavailable& e) {
    GTEST_SKIP() << "tracefs cannot be used here: " << e.what();
  }
  // On CPU 0: some kernels record no switch out of the idle task on other CPUs (this
  // host's, on CPU 1), and wake-ups there are dropped (vcpu_wakeups.hpp).
  std::thread worker([] {
    cpu_set_t cpu0;
    CPU_ZERO(&cpu0);
    CPU_SET(0, &cpu0);
    pthread_setaffinity_np(pthread_self(), sizeof cpu0, &cpu0);
    pthread_setname_np(pthread_self(), kName);
    std::this_thread::sleep_for(5ms);  // asleep once before the first counted wake-up
    for (int i = 0; i < kWakeups; ++i) {
      spin_for(300us);
      std::this_thread::sleep_for(2ms);
    }
  });
  worker.join();
  const auto events = trace->finish();
  EXPECT_TRUE(events.wakings.empty()) << "not asked for";
  const auto traced = wakeups_of(events.switches, kName, 0, INT64_MAX);
  // Every wake-up is seen, whole or dropped: one after each sleep (and the thread's exit may
  // follow the last one's).
  const std::size_t seen = traced.wakeups.size() + traced.dropped;
  EXPECT_GE(seen, static_cast<std::size_t>(kWakeups));
  EXPECT_LE(seen, static_cast<std::size_t>(kWakeups + 1));
  if (traced.wakeups.empty()) GTEST_SKIP() << "this kernel recorded no switch in to the thread on CPU 0";
  // Each spun 300 us of wall time; on a CPU for less only if something preempted it.
  std::size_t whole_spins = 0;
  for (const Wakeup& w : traced.wakeups) {
    if (w.on_cpu_ns >= 250'000) ++whole_spins;  // the trace clock ticks in microseconds
    EXPECT_LE(w.on_cpu_ns, 50'000'000);
  }
  EXPECT_GE(whole_spins * 2, traced.wakeups.size());
}

TEST(SchedSwitchTrace, SeesWhoWakesANamedThread) {
  constexpr const char* kWaker = "vtick-trace-w";
  std::optional<SchedSwitchTrace> trace;
  try {
    trace.emplace(std::vector<std::string>{kName, kWaker}, kName);
  } catch (const TracefsUnavailable& e) {
    GTEST_SKIP() << "tracefs cannot be used here: " << e.what();
  }
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::thread sleeper([fd = fds[0]] {
    pthread_setname_np(pthread_self(), kName);
    char byte = 0;
    for (int i = 0; i < kWakeups; ++i) ASSERT_EQ(::read(fd, &byte, 1), 1);
  });
  std::thread waker([fd = fds[1]] {
    pthread_setname_np(pthread_self(), kWaker);
    for (int i = 0; i < kWakeups; ++i) {
      std::this_thread::sleep_for(2ms);  // the sleeper is blocked in read by then
      ASSERT_EQ(::write(fd, "x", 1), 1);
    }
  });
  waker.join();
  sleeper.join();
  ::close(fds[0]);
  ::close(fds[1]);
  const auto events = trace->finish();
  int by_waker = 0;
  for (const SchedWaking& w : events.wakings) {
    EXPECT_EQ(w.woken_comm, kName) << "the filter keeps wake-ups of the named thread only";
    if (w.waker_comm == kWaker) ++by_waker;
  }
  EXPECT_GE(by_waker, kWakeups - 1) << "a write that found the sleeper still running wakes nobody";
  EXPECT_LE(by_waker, kWakeups);
}

TEST(SchedSwitchTrace, RemovesItsInstance) {
  {
    try {
      SchedSwitchTrace trace({kName}, kName);
    } catch (const TracefsUnavailable& e) {
      GTEST_SKIP() << "tracefs cannot be used here: " << e.what();
    }
  }
  for (const char* root : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}) {
    const auto mine = std::filesystem::path(root) / "instances" / ("vtick-" + std::to_string(::getpid()));
    EXPECT_FALSE(std::filesystem::exists(mine)) << mine;
  }
}

}  // namespace
}  // namespace vtick::calibration
