#include "bench/realvm/native_timer.hpp"

#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>

#include "realvm/vmm/host_clock.hpp"

namespace vtick::realvm_bench {
namespace {

timespec to_timespec(std::int64_t ns) {
  return {static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

[[noreturn]] void fail(const char* call) {
  throw std::runtime_error(std::string(call) + ": " + std::strerror(errno));
}

void measure(std::int64_t period_ns, std::int64_t duration_ns, NativeTimerRun& run) {
  const int fd = ::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (fd < 0) {
    fail("timerfd_create");
  }
  // Absolute times, so each lateness is against the exact grid start + k x period.
  const std::int64_t start = realvm::vmm::host_monotonic_ns();
  itimerspec spec{};
  spec.it_value = to_timespec(start + period_ns);
  spec.it_interval = to_timespec(period_ns);
  if (::timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, nullptr) < 0) {
    ::close(fd);
    fail("timerfd_settime");
  }
  std::uint64_t expiries = 0;
  while (static_cast<std::int64_t>(expiries) * period_ns < duration_ns) {
    std::uint64_t count = 0;
    if (::read(fd, &count, sizeof count) != sizeof count) {
      if (errno == EINTR) continue;
      ::close(fd);
      fail("read(timerfd)");
    }
    const std::int64_t now = realvm::vmm::host_monotonic_ns();
    expiries += count;
    run.overruns += count > 1;
    run.lateness_ns.push_back(now - (start + static_cast<std::int64_t>(expiries) * period_ns));
  }
  ::close(fd);
}

}  // namespace

NativeTimerRun native_timer_lateness(std::chrono::nanoseconds period, std::chrono::nanoseconds duration) {
  NativeTimerRun run;
  std::exception_ptr error;
  std::thread thread([&] {
    try {
      measure(period.count(), duration.count(), run);
    } catch (...) {
      error = std::current_exception();
    }
  });
  thread.join();
  if (error) {
    std::rethrow_exception(error);
  }
  return run;
}

}  // namespace vtick::realvm_bench
