#include "calibration/timer_wakeup.hpp"

#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>

#include "realvm/measure/timerfd_lateness.hpp"
#include "realvm/vmm/host_clock.hpp"

namespace vtick::calibration {
namespace {

timespec to_timespec(std::int64_t ns) {
  return {static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

[[noreturn]] void fail(const char* call) { throw std::runtime_error(std::string(call) + ": " + std::strerror(errno)); }

void set_slack(const WakeupPlan& plan, WakeupRun& run) {
  if (plan.slack_ns && ::prctl(PR_SET_TIMERSLACK, static_cast<unsigned long>(*plan.slack_ns), 0, 0, 0) != 0) {
    fail("prctl(PR_SET_TIMERSLACK)");
  }
  const int slack = ::prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
  if (slack < 0) fail("prctl(PR_GET_TIMERSLACK)");
  run.slack_ns = slack;
}

void spin(std::int64_t ns) {
  const std::int64_t until = realvm::vmm::host_monotonic_ns() + ns;
  while (realvm::vmm::host_monotonic_ns() < until) {
  }
}

// One more wake-up than asked for: the first, right after the thread started, pays for
// cold caches and the thread's first scheduling and measures neither. `more` runs right
// after each wake-up, before the next sleep: the burst goes there.
void with_timerfd(const WakeupPlan& plan, WakeupRun& run) {
  realvm::measure::timerfd_lateness(
      plan.period_ns,
      [&](std::uint64_t, std::size_t samples) {
        if (samples > 0) spin(plan.burst_ns);
        return samples < plan.samples + 1;
      },
      run.lateness_ns, run.overruns);
}

void with_nanosleep(const WakeupPlan& plan, WakeupRun& run) {
  std::int64_t due = realvm::vmm::host_monotonic_ns() + plan.period_ns;
  while (run.lateness_ns.size() < plan.samples + 1) {
    const timespec at = to_timespec(due);
    const int error = ::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr);
    if (error == EINTR) continue;
    if (error != 0) {
      errno = error;
      fail("clock_nanosleep");
    }
    const std::int64_t now = realvm::vmm::host_monotonic_ns();
    run.lateness_ns.push_back(now - due);
    spin(plan.burst_ns);
    due += plan.period_ns;
    if (due <= now) {  // slept through whole periods: skip to the next future one, as timerfd does
      ++run.overruns;
      due += ((now - due) / plan.period_ns + 1) * plan.period_ns;
    }
  }
}

}  // namespace

WakeupRun measure_wakeup(const WakeupPlan& plan) {
  WakeupRun run;
  std::exception_ptr error;
  // A thread of its own: the slack is per thread, and the caller's must stay as it was.
  std::thread thread([&] {
    try {
      set_slack(plan, run);
      if (plan.sleeper == Sleeper::timerfd) {
        with_timerfd(plan, run);
      } else {
        with_nanosleep(plan, run);
      }
    } catch (...) {
      error = std::current_exception();
    }
  });
  thread.join();
  if (error) std::rethrow_exception(error);
  run.lateness_ns.erase(run.lateness_ns.begin());
  return run;
}

}  // namespace vtick::calibration
