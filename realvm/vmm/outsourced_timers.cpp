#include "realvm/vmm/outsourced_timers.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

#include <algorithm>
#include <cerrno>

#include "realvm/vmm/error.hpp"
#include "realvm/vmm/host_clock.hpp"
#include "realvm/vmm/kvmclock_offset.hpp"

namespace vtick::realvm::vmm {
namespace {

// epoll data of the stop eventfd; slots use their index.
constexpr std::uint32_t kStopToken = VTICK_OUTSOURCED_MAX_TIMERS;

timespec to_timespec(std::int64_t ns) {
  return {static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

void set_timer(int fd, std::int64_t absolute_ns) {
  itimerspec spec{};
  spec.it_value = to_timespec(absolute_ns);  // zero disarms
  if (::timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, nullptr) < 0) {
    throw_errno("timerfd_settime");
  }
}

}  // namespace

OutsourcedTimers::OutsourcedTimers(Vm& vm, const GuestMemory& memory, std::uint64_t ring_gpa) : vm_(vm) {
  const auto bytes = memory.range(ring_gpa, sizeof(vtick_timer_ring));
  if (bytes.empty() || ring_gpa % alignof(vtick_timer_ring) != 0) {
    throw VmmError("timer ring at guest-physical " + std::to_string(ring_gpa) + " is not in guest RAM");
  }
  ring_ = reinterpret_cast<vtick_timer_ring*>(bytes.data());
  *ring_ = vtick_timer_ring{};
  epoll_fd_ = Fd(::epoll_create1(EPOLL_CLOEXEC));
  if (!epoll_fd_.valid()) {
    throw_errno("epoll_create1");
  }
  stop_fd_ = Fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!stop_fd_.valid()) {
    throw_errno("eventfd");
  }
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u32 = kStopToken;
  if (::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_ADD, stop_fd_.get(), &event) < 0) {
    throw_errno("epoll_ctl");
  }
  thread_ = std::thread([this] { loop(); });
}

OutsourcedTimers::~OutsourcedTimers() {
  stop();
}

std::uint32_t OutsourcedTimers::arm(std::uint32_t timer_id, std::uint32_t generation, std::uint64_t deadline_ns) {
  if (timer_id >= slots_.size()) {
    ++bad_timer_ids_;
    return VTICK_HYPERCALL_BAD_TIMER;
  }
  const std::int64_t offset = kvmclock_minus_host_ns(vm_);
  const std::uint64_t kvmclock_now = static_cast<std::uint64_t>(host_monotonic_ns() + offset);
  if (deadline_ns > kvmclock_now + VTICK_OUTSOURCED_MAX_HORIZON_NS) {
    ++bad_deadlines_;
    return VTICK_HYPERCALL_BAD_DEADLINE;
  }
  // Past deadlines fire at once; the floor of 1 ns keeps an absolute time of 0, which
  // would disarm, out of timerfd_settime.
  const std::int64_t host_deadline = std::max<std::int64_t>(1, static_cast<std::int64_t>(deadline_ns) - offset);
  std::lock_guard lock(mutex_);
  Slot& slot = slots_[timer_id];
  if (!slot.timer_fd.valid()) {
    slot.timer_fd = Fd(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
    if (!slot.timer_fd.valid()) {
      throw_errno("timerfd_create");
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u32 = timer_id;
    if (::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_ADD, slot.timer_fd.get(), &event) < 0) {
      throw_errno("epoll_ctl");
    }
    ++host_timers_;
  }
  slot.generation = generation;
  slot.host_deadline_ns = host_deadline;
  slot.armed_at_ns = host_monotonic_ns();
  set_timer(slot.timer_fd.get(), host_deadline);  // also forgets an expiry not yet read
  ++arms_;
  return VTICK_HYPERCALL_OK;
}

std::uint32_t OutsourcedTimers::cancel(std::uint32_t timer_id, std::uint32_t generation) {
  if (timer_id >= slots_.size()) {
    ++bad_timer_ids_;
    return VTICK_HYPERCALL_BAD_TIMER;
  }
  std::lock_guard lock(mutex_);
  Slot& slot = slots_[timer_id];
  slot.generation = generation;
  if (slot.timer_fd.valid()) {
    set_timer(slot.timer_fd.get(), 0);
  }
  ++cancels_;
  return VTICK_HYPERCALL_OK;
}

void OutsourcedTimers::stop() {
  if (!thread_.joinable()) {
    return;
  }
  const std::uint64_t one = 1;
  if (::write(stop_fd_.get(), &one, sizeof one) != sizeof one) {
    throw_errno("write to the host-timer thread's stop eventfd");
  }
  thread_.join();
}

void OutsourcedTimers::loop() {
  epoll_event events[VTICK_OUTSOURCED_MAX_TIMERS + 1];
  for (;;) {
    const int ready = ::epoll_wait(epoll_fd_.get(), events, static_cast<int>(std::size(events)), -1);
    if (ready < 0 && errno != EINTR) {
      return;  // cannot happen with valid fds; nothing sensible to deliver with
    }
    for (int i = 0; i < ready; ++i) {
      if (events[i].data.u32 == kStopToken) {
        return;
      }
      try {
        expired(events[i].data.u32);
      } catch (const VmmError&) {
        ++injection_errors_;  // the VM is going away under us
        return;
      }
    }
  }
}

void OutsourcedTimers::expired(std::uint32_t timer_id) {
  std::uint32_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    Slot& slot = slots_[timer_id];
    std::uint64_t expirations = 0;
    // Under the lock, so the expiry read belongs to the arming whose generation we take;
    // nothing to read means a hypercall re-armed or cancelled it since epoll saw it.
    if (::read(slot.timer_fd.get(), &expirations, sizeof expirations) != sizeof expirations) {
      return;
    }
    generation = slot.generation;
    const std::int64_t lateness = host_monotonic_ns() - std::max(slot.host_deadline_ns, slot.armed_at_ns);
    thread_lateness_sum_ns_ += lateness;
    thread_lateness_max_ns_ = std::max(thread_lateness_max_ns_, lateness);
  }
  post(timer_id, generation);
}

void OutsourcedTimers::post(std::uint32_t timer_id, std::uint32_t generation) {
  ++expiries_;
  // The guest owns tail and may write anything there; a nonsense tail only makes the ring
  // look full, and the index below is reduced modulo the size whatever it is.
  const std::uint32_t tail = __atomic_load_n(&ring_->tail, __ATOMIC_ACQUIRE);
  if (head_ - tail >= VTICK_TIMER_RING_SIZE) {
    ++ring_overflows_;
  } else {
    vtick_timer_expiry& entry = ring_->entries[head_ % VTICK_TIMER_RING_SIZE];
    entry.timer_id = timer_id;
    entry.generation = generation;
    ++head_;
    __atomic_store_n(&ring_->head, head_, __ATOMIC_RELEASE);  // entry first, then the head
  }
  // Pulse even after an overflow: the guest may be able to drain what is there.
  switch (vm_.pulse_irq(VTICK_OUTSOURCED_TIMER_IRQ)) {
    case IrqDelivery::delivered: break;
    case IrqDelivery::coalesced: ++irq_coalesced_; break;  // the pending edge covers this entry too
    case IrqDelivery::masked: ++irq_masked_; break;
  }
}

void OutsourcedTimers::report(Counters& counters) const {
  counters["outsourced.arms"] = arms_;
  counters["outsourced.cancels"] = cancels_;
  counters["outsourced.bad_timer_ids"] = bad_timer_ids_;
  counters["outsourced.bad_deadlines"] = bad_deadlines_;
  counters["outsourced.host_timers"] = host_timers_;
  counters["outsourced.expiries"] = expiries_;
  counters["outsourced.ring_overflows"] = ring_overflows_;
  counters["outsourced.irq_coalesced"] = irq_coalesced_;
  counters["outsourced.irq_masked"] = irq_masked_;
  counters["outsourced.injection_errors"] = injection_errors_;
  counters["outsourced.thread_lateness_max_ns"] = static_cast<std::uint64_t>(std::max<std::int64_t>(0, thread_lateness_max_ns_));
  counters["outsourced.thread_lateness_mean_ns"] =
      expiries_ ? static_cast<std::uint64_t>(std::max<std::int64_t>(0, thread_lateness_sum_ns_) / static_cast<std::int64_t>(expiries_)) : 0;
}

}  // namespace vtick::realvm::vmm
