#include "realvm/vmm/host_kernel_timers.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "realvm/vmm/error.hpp"
#include "realvm/vmm/host_clock.hpp"
#include "realvm/vmm/kvmclock_offset.hpp"
#include "realvm/vmm/msi_route.hpp"

namespace vtick::realvm::vmm {
namespace {

// Submissions are flushed at once, so a handful of SQEs would do; the CQ holds every
// completion the guest has not yet consumed. At most 16 timeouts are in flight, each
// re-arm adds two completions (the remove and the removed timeout), and a well-behaved
// guest drains at every expiry interrupt: 256 leaves a wide margin.
constexpr unsigned kSqEntries = 16;
constexpr unsigned kCqEntries = 256;
// Slot 0 is guest RAM (vm.cpp).
constexpr std::uint32_t kCqSlot = 1;
// The MSI's GSI: past the 24 IOAPIC pins of KVM's default routing, which it replaces.
constexpr std::uint32_t kMsiGsi = 24;

std::uint64_t timer_user_data(std::uint32_t timer_id, std::uint32_t generation) {
  return VTICK_HOST_CQE_USER_DATA(VTICK_HOST_CQE_TIMER, timer_id, generation);
}

}  // namespace

HostKernelTimers::HostKernelTimers(const KvmSystem& kvm, const Vm& vm, const GuestMemory& memory,
                                   std::uint64_t ring_gpa, bool msi)
    : vm_(vm), msi_(msi) {
  const auto bytes = memory.range(ring_gpa, sizeof(vtick_timer_ring));
  if (bytes.empty() || ring_gpa % alignof(vtick_timer_ring) != 0) {
    throw VmmError("timer ring at guest-physical " + std::to_string(ring_gpa) + " is not in guest RAM");
  }
  ring_ = reinterpret_cast<vtick_timer_ring*>(bytes.data());
  *ring_ = vtick_timer_ring{};

  io_uring_params params{};
  params.flags = IORING_SETUP_CQSIZE;
  params.cq_entries = kCqEntries;
  if (const int error = io_uring_queue_init_params(kSqEntries, &uring_, &params); error < 0) {
    throw KvmUnavailable(std::string("io_uring_setup failed: ") + std::strerror(-error) +
                         " (host-kernel timer delivery needs io_uring; see /proc/sys/kernel/io_uring_disabled)");
  }
  uring_ready_ = true;
  try {
    if (msi_) {
      route_gsi_to_msi(kvm, vm, kMsiGsi, VTICK_HOST_CQ_MSI_VECTOR);
    }
    irqfd_.emplace(kvm, vm, msi_ ? kMsiGsi : VTICK_OUTSOURCED_TIMER_IRQ);
    // Kernel fact: with an eventfd registered, io_uring signals it whenever it posts
    // completions (io_eventfd_signal from the CQ commit), from whichever context posts them.
    if (const int error = io_uring_register_eventfd(&uring_, irqfd_->eventfd()); error < 0) {
      throw VmmError(std::string("IORING_REGISTER_EVENTFD: ") + std::strerror(-error));
    }
    cq_slot_.emplace(kvm, vm, kCqSlot, VTICK_HOST_CQ_GPA, uring_.cq.ring_ptr, uring_.cq.ring_sz);
  } catch (...) {
    cq_slot_.reset();
    io_uring_queue_exit(&uring_);
    irqfd_.reset();
    throw;
  }
}

HostKernelTimers::~HostKernelTimers() {
  // The guest's view first, then the kernel's timeouts (queue_exit cancels them), then the
  // eventfd they would have signalled.
  cq_slot_.reset();
  if (uring_ready_) {
    io_uring_unregister_eventfd(&uring_);
    io_uring_queue_exit(&uring_);
  }
  irqfd_.reset();
}

void HostKernelTimers::describe_queue(vtick_boot_config& boot) const {
  const auto* base = static_cast<const char*>(uring_.cq.ring_ptr);
  boot.host_cq_gpa = VTICK_HOST_CQ_GPA;
  boot.host_cq_tail_offset = static_cast<std::uint32_t>(reinterpret_cast<const char*>(uring_.cq.ktail) - base);
  boot.host_cq_cqes_offset = static_cast<std::uint32_t>(reinterpret_cast<const char*>(uring_.cq.cqes) - base);
  boot.host_cq_entries = *uring_.cq.kring_entries;
  boot.host_cq_msi_vector = msi_ ? VTICK_HOST_CQ_MSI_VECTOR : 0;
}

void HostKernelTimers::scan(const io_uring_cqe& cqe) {
  if (expected_ > 0) {
    --expected_;
  }
  const auto kind = static_cast<std::uint32_t>(cqe.user_data & 0xff);
  const auto timer_id = static_cast<std::uint32_t>((cqe.user_data >> 8) & 0xff);
  if (kind == VTICK_HOST_CQE_TIMER && timer_id < in_flight_.size()) {
    if (in_flight_[timer_id] == cqe.user_data) {
      in_flight_[timer_id] = 0;
    }
    if (cqe.res == VTICK_HOST_CQE_ETIME) {
      ++expiries_;
      expiry_at_[timer_id] = scanned_;
      expiry_seen_[timer_id] = true;
    } else if (cqe.res == -ECANCELED) {
      ++removed_timeouts_;
    } else {
      ++unexpected_completions_;
    }
  } else if (kind == VTICK_HOST_CQE_REMOVE) {
    // -ENOENT / -EALREADY: the timeout had already fired (or was firing); its expiry is in
    // the queue and the guest drops it by its generation.
    if (cqe.res != 0) {
      ++remove_misses_;
    }
  } else {
    ++unexpected_completions_;
  }
}

void HostKernelTimers::reap() {
  const unsigned tail = io_uring_smp_load_acquire(uring_.cq.ktail);
  for (; scanned_ != tail; ++scanned_) {
    scan(uring_.cq.cqes[scanned_ & uring_.cq.ring_mask]);
  }
  // The guest owns this word and may write anything: only a count within what the kernel
  // has posted frees slots; anything else is counted and changes nothing.
  const unsigned consumed = __atomic_load_n(&ring_->tail, __ATOMIC_ACQUIRE);
  if (consumed - head_ > scanned_ - head_) {
    ++bad_consumed_;
    return;
  }
  io_uring_cq_advance(&uring_, consumed - head_);
  head_ = consumed;
}

void HostKernelTimers::note_overtaken(std::uint32_t timer_id) {
  if (expiry_seen_[timer_id] && expiry_at_[timer_id] - head_ < scanned_ - head_) {
    ++expiries_overtaken_;
  }
  expiry_seen_[timer_id] = false;
}

bool HostKernelTimers::room_for(unsigned completions) const {
  return (scanned_ - head_) + expected_ + completions <= uring_.cq.ring_entries;
}

io_uring_sqe* HostKernelTimers::next_sqe() {
  io_uring_sqe* sqe = io_uring_get_sqe(&uring_);
  if (!sqe) {
    throw VmmError("io_uring submission queue full (every call is submitted at once, so this is a VMM bug)");
  }
  return sqe;
}

void HostKernelTimers::submit(unsigned sqes) {
  // io_uring_enter without GETEVENTS: issues the SQEs and returns. A removed timeout's
  // -ECANCELED completion is task work, which runs as this thread leaves the kernel.
  const int submitted = io_uring_submit(&uring_);
  if (submitted != static_cast<int>(sqes)) {
    throw VmmError("io_uring_submit: " + (submitted < 0 ? std::string(std::strerror(-submitted))
                                                       : std::to_string(submitted) + " of " + std::to_string(sqes)));
  }
  expected_ += sqes;
}

void HostKernelTimers::remove(std::uint64_t user_data) {
  io_uring_sqe* sqe = next_sqe();
  io_uring_prep_timeout_remove(sqe, user_data, 0);
  sqe->user_data = VTICK_HOST_CQE_USER_DATA(VTICK_HOST_CQE_REMOVE, (user_data >> 8) & 0xff, user_data >> 32);
  ++removes_;
}

std::uint32_t HostKernelTimers::arm(std::uint32_t timer_id, std::uint32_t generation, std::uint64_t deadline_ns) {
  if (timer_id >= in_flight_.size()) {
    ++bad_timer_ids_;
    return VTICK_HYPERCALL_BAD_TIMER;
  }
  const std::int64_t offset = kvmclock_minus_host_ns(vm_);
  const auto kvmclock_now = static_cast<std::uint64_t>(host_monotonic_ns() + offset);
  if (deadline_ns > kvmclock_now + VTICK_OUTSOURCED_MAX_HORIZON_NS) {
    ++bad_deadlines_;
    return VTICK_HYPERCALL_BAD_DEADLINE;
  }
  reap();
  note_overtaken(timer_id);
  const bool replacing = in_flight_[timer_id] != 0;
  const unsigned sqes = replacing ? 2 : 1;
  if (!room_for(sqes)) {
    ++queue_full_;
    return VTICK_HYPERCALL_QUEUE_FULL;
  }
  if (replacing) {
    remove(in_flight_[timer_id]);  // issued before the new timeout: SQEs issue in order
  }
  // A past deadline fires at once: an absolute io_uring timeout already due completes
  // immediately (hrtimer semantics), as timerfd does.
  const std::int64_t host_deadline = std::max<std::int64_t>(0, static_cast<std::int64_t>(deadline_ns) - offset);
  // The kernel copies the timespec when it issues the SQE, inside submit() below.
  __kernel_timespec when{};
  when.tv_sec = host_deadline / 1'000'000'000;
  when.tv_nsec = host_deadline % 1'000'000'000;
  io_uring_sqe* sqe = next_sqe();
  io_uring_prep_timeout(sqe, &when, 0, IORING_TIMEOUT_ABS);
  sqe->user_data = timer_user_data(timer_id, generation);
  submit(sqes);
  in_flight_[timer_id] = timer_user_data(timer_id, generation);
  used_[timer_id] = true;
  ++arms_;
  return VTICK_HYPERCALL_OK;
}

std::uint32_t HostKernelTimers::cancel(std::uint32_t timer_id, std::uint32_t generation) {
  (void)generation;  // the guest's own generation check drops any expiry already posted
  if (timer_id >= in_flight_.size()) {
    ++bad_timer_ids_;
    return VTICK_HYPERCALL_BAD_TIMER;
  }
  reap();
  note_overtaken(timer_id);
  if (in_flight_[timer_id] != 0) {
    if (!room_for(1)) {
      ++queue_full_;
      return VTICK_HYPERCALL_QUEUE_FULL;
    }
    remove(in_flight_[timer_id]);
    submit(1);
    in_flight_[timer_id] = 0;
  }
  ++cancels_;
  return VTICK_HYPERCALL_OK;
}

void HostKernelTimers::report(Counters& counters) {
  reap();
  counters["outsourced.arms"] = arms_;
  counters["outsourced.cancels"] = cancels_;
  counters["outsourced.bad_timer_ids"] = bad_timer_ids_;
  counters["outsourced.bad_deadlines"] = bad_deadlines_;
  counters["outsourced.host_timers"] = static_cast<std::uint64_t>(std::count(used_.begin(), used_.end(), true));
  counters["outsourced.expiries"] = expiries_;
  counters["host_kernel.queue_full"] = queue_full_;
  counters["host_kernel.bad_consumed"] = bad_consumed_;
  counters["host_kernel.removes"] = removes_;
  counters["host_kernel.remove_misses"] = remove_misses_;
  counters["host_kernel.removed_timeouts"] = removed_timeouts_;
  counters["host_kernel.expiries_overtaken"] = expiries_overtaken_;
  counters["host_kernel.unexpected_completions"] = unexpected_completions_;
  counters["host_kernel.completions"] = scanned_;
  counters["host_kernel.cq_overflow"] = *uring_.cq.koverflow;
}

}  // namespace vtick::realvm::vmm
