#include "realvm/vmm/user_tick_thread.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>

#include "realvm/vmm/error.hpp"
#include "realvm/vmm/host_clock.hpp"

namespace vtick::realvm::vmm {
namespace {

timespec to_timespec(std::int64_t ns) {
  return {static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

std::int64_t thread_cpu_ns() {
  timespec ts{};
  if (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) {
    return 0;  // cannot fail for the calling thread; 0 reads as "not measured"
  }
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

UserTickThread::UserTickThread(Vm& vm, LostTickPolicy policy, std::int64_t giveup_threshold_ns, int catchup_max_factor)
    : vm_(vm), policy_(policy), catchup_max_factor_(catchup_max_factor), accounting_(policy, giveup_threshold_ns) {
  timer_fd_ = Fd(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
  if (!timer_fd_.valid()) {
    throw_errno("timerfd_create");
  }
  stop_fd_ = Fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!stop_fd_.valid()) {
    throw_errno("eventfd");
  }
  thread_ = std::thread([this] {
    loop();
    cpu_ns_ = thread_cpu_ns();
  });
}

UserTickThread::~UserTickThread() {
  stop();
}

void UserTickThread::start(std::int64_t period_ns) {
  period_ns_.store(period_ns);
  itimerspec spec{};
  spec.it_value = to_timespec(period_ns);
  spec.it_interval = to_timespec(period_ns);
  if (::timerfd_settime(timer_fd_.get(), 0, &spec, nullptr) < 0) {
    throw_errno("timerfd_settime");
  }
}

void UserTickThread::stop() {
  if (!thread_.joinable()) {
    return;
  }
  const std::uint64_t one = 1;
  if (::write(stop_fd_.get(), &one, sizeof one) != sizeof one) {
    throw_errno("write to the tick thread's stop eventfd");
  }
  thread_.join();
}

// How long to wait before offering an owed tick again: the guest must first acknowledge
// the one in flight, which takes an interrupt entry and an EOI. delay: a quarter period
// keeps a backlog draining at up to 4x the tick rate without spinning on the ioctl (from
// user space we cannot see the EOI that KVM's own delay policy re-injects on). catchup:
// the configured factor. The floor keeps a fast tick from spinning.
std::int64_t UserTickThread::retry_delay_ns() const {
  const bool catchup = policy_ == LostTickPolicy::catchup || policy_ == LostTickPolicy::catchup_giveup;
  return std::max<std::int64_t>(period_ns_.load() / (catchup ? catchup_max_factor_ : 4), 100'000);
}

void UserTickThread::inject_owed() {
  const std::int64_t raised_at = host_monotonic_ns();
  const IrqDelivery result = vm_.pulse_irq(kPitGsi);
  if (result == IrqDelivery::masked) {
    ++masked_;
  }
  if (result == IrqDelivery::delivered) {
    if (delivered_at_ns_.size() < kMaxStamps) {
      delivered_at_ns_.push_back(raised_at);
    } else {
      ++unstamped_;
    }
  }
  accounting_.injected(result == IrqDelivery::delivered);
}

void UserTickThread::loop() {
  pollfd fds[2] = {{timer_fd_.get(), POLLIN, 0}, {stop_fd_.get(), POLLIN, 0}};
  for (;;) {
    // With a tick owed, wake up soon to offer it again; otherwise sleep until the timer.
    const bool retry = accounting_.tick_owed();
    const timespec retry_after = to_timespec(retry_delay_ns());
    const int ready = ::ppoll(fds, 2, retry ? &retry_after : nullptr, nullptr);
    if (ready < 0 && errno != EINTR) {
      return;  // cannot happen with valid fds; nothing sensible to tick with
    }
    ++wakeups_;
    if (fds[1].revents & POLLIN) {
      return;
    }
    std::uint64_t expirations = 0;
    if ((fds[0].revents & POLLIN) &&
        ::read(timer_fd_.get(), &expirations, sizeof expirations) == sizeof expirations) {
      accounting_.set_period_ns(period_ns_.load());
      accounting_.timer_expired(expirations);
    }
    if (accounting_.tick_owed()) {
      try {
        inject_owed();
      } catch (const VmmError&) {
        ++injection_errors_;  // the VM is going away under us; no tick can help now
        return;
      }
    }
  }
}

void UserTickThread::report(Counters& counters) const {
  accounting_.report(counters);
  counters["user_tick.masked"] = masked_;
  counters["user_tick.wakeups"] = wakeups_;
  counters["user_tick.injection_errors"] = injection_errors_;
  counters["user_tick.unstamped"] = unstamped_;
  counters["user_tick.cpu_ns"] = static_cast<std::uint64_t>(cpu_ns_);
}

}  // namespace vtick::realvm::vmm
