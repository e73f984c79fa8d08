#include "realvm/measure/timerfd_lateness.hpp"

#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <string>

#include "realvm/vmm/host_clock.hpp"

namespace vtick::realvm::measure {
namespace {

timespec to_timespec(std::int64_t ns) {
  return {static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

[[noreturn]] void fail(const char* call, int fd) {
  const int error = errno;
  if (fd >= 0) ::close(fd);
  throw std::runtime_error(std::string(call) + ": " + std::strerror(error));
}

}  // namespace

void timerfd_lateness(std::int64_t period_ns, const std::function<bool(std::uint64_t, std::size_t)>& more,
                      std::vector<std::int64_t>& lateness_ns, std::uint64_t& overruns) {
  const int fd = ::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (fd < 0) fail("timerfd_create", -1);
  const std::int64_t start = vmm::host_monotonic_ns();
  itimerspec spec{};
  spec.it_value = to_timespec(start + period_ns);
  spec.it_interval = to_timespec(period_ns);
  if (::timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, nullptr) < 0) fail("timerfd_settime", fd);
  std::uint64_t expiries = 0;
  while (more(expiries, lateness_ns.size())) {
    std::uint64_t count = 0;
    if (::read(fd, &count, sizeof count) != sizeof count) {
      if (errno == EINTR) continue;
      fail("read(timerfd)", fd);
    }
    const std::int64_t now = vmm::host_monotonic_ns();
    expiries += count;
    overruns += count > 1;
    lateness_ns.push_back(now - (start + static_cast<std::int64_t>(expiries) * period_ns));
  }
  ::close(fd);
}

}  // namespace vtick::realvm::measure
