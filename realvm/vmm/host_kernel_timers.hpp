// Timer outsourcing delivered by the host kernel: no VMM thread between a host timer's
// expiry and the guest's interrupt (the simulator's `outsourcing_module: host_kernel`).
//
// Each guest timer is an io_uring timeout (IORING_OP_TIMEOUT, IORING_TIMEOUT_ABS, on
// CLOCK_MONOTONIC, the default clock of io_uring timeouts), submitted from the vCPU thread
// at the guest's arm hypercall with user_data = {kind, timer id, generation}
// (realvm/protocol.h). A re-arm or cancel of a timeout still in flight is an
// IORING_OP_TIMEOUT_REMOVE by that user_data in the same submission. Delivery, all in the
// kernel:
//   hrtimer fires -> io_timeout_fn() queues task work to the submitting task (the vCPU
//   thread; TWA_SIGNAL, so a vCPU in KVM_RUN or halted in it returns with EINTR) -> the
//   task work runs as that thread leaves the kernel: it writes the completion into the CQ
//   ring and signals the eventfd registered with IORING_REGISTER_EVENTFD -> that eventfd
//   is a KVM_IRQFD (irqfd.hpp) for a GSI routed as an MSI to the LAPIC (msi_route.hpp),
//   which KVM injects right there, in the vCPU thread's own task work; or, optionally, for
//   PIC IRQ 5, which KVM injects from a workqueue (a kworker must run).
// The CQ ring is mapped read-only into the guest (readonly_slot.hpp), so the kernel's
// completion IS the guest's expiry record: the guest reads {id, generation} in place and
// applies its generation check. VMM code runs only at hypercalls: it scans new completions
// for its bookkeeping and frees the CQ slots the guest reports consumed.
//
// Why not IORING_SETUP_DEFER_TASKRUN: there the eventfd is signalled from the hrtimer
// itself (io_req_local_work_add), with no thread at all, but the completion is written only
// when the VMM next calls io_uring_enter(GETEVENTS), so the guest would get a bare
// interrupt with no record of which timer fired; and the eventfd is signalled only when the
// task-work list goes from empty to non-empty, so a second expiry before the VMM's next
// call would raise nothing.
#pragma once

#include <liburing.h>

#include <array>
#include <cstdint>
#include <optional>

#include "realvm/protocol.h"
#include "realvm/vmm/guest_memory.hpp"
#include "realvm/vmm/irqfd.hpp"
#include "realvm/vmm/port_device.hpp"
#include "realvm/vmm/readonly_slot.hpp"
#include "realvm/vmm/timer_service.hpp"
#include "realvm/vmm/vm.hpp"

namespace vtick::realvm::vmm {

class HostKernelTimers final : public TimerService {
 public:
  /// `ring_gpa`: the guest's struct vtick_timer_ring, whose `tail` is where the guest says
  /// how many completions it has consumed. Throws KvmUnavailable naming what this host
  /// lacks (io_uring, KVM_CAP_IRQFD, KVM_CAP_READONLY_MEM).
  /// `msi`: the interrupt is an MSI at VTICK_HOST_CQ_MSI_VECTOR (msi_route.hpp), else PIC IRQ 5.
  HostKernelTimers(const KvmSystem& kvm, const Vm& vm, const GuestMemory& memory, std::uint64_t ring_gpa, bool msi);
  ~HostKernelTimers() override;
  HostKernelTimers(const HostKernelTimers&) = delete;
  HostKernelTimers& operator=(const HostKernelTimers&) = delete;

  std::uint32_t arm(std::uint32_t timer_id, std::uint32_t generation, std::uint64_t deadline_ns) override;
  std::uint32_t cancel(std::uint32_t timer_id, std::uint32_t generation) override;

  /// Fill the boot config's host_cq_* fields: where the guest finds the completion queue.
  void describe_queue(vtick_boot_config& boot) const;
  /// Only after the vCPU stopped (the vCPU thread is the only other user).
  void report(Counters& counters);

 private:
  /// Scan completions posted since the last look (bookkeeping only: the guest consumes
  /// them), then free the CQ slots the guest has consumed.
  void reap();
  void scan(const io_uring_cqe& cqe);
  /// Room in the CQ for `completions` more: the kernel would otherwise keep completions in
  /// an overflow list it allocates without bound (IORING_FEAT_NODROP), which a guest that
  /// never drains could grow at the hypercall rate.
  bool room_for(unsigned completions) const;
  io_uring_sqe* next_sqe();
  void submit(unsigned sqes);
  void remove(std::uint64_t user_data);
  /// An arm or cancel of `timer_id` overtakes its expiry if that is posted but not yet
  /// consumed: the guest will drop it by its generation. Counted here, once.
  void note_overtaken(std::uint32_t timer_id);

  const Vm& vm_;
  bool msi_;
  vtick_timer_ring* ring_;
  io_uring uring_{};
  bool uring_ready_ = false;
  std::optional<Irqfd> irqfd_;
  std::optional<ReadonlySlot> cq_slot_;
  unsigned head_ = 0;     // CQ slots freed (= the kernel's head, which only we write)
  unsigned scanned_ = 0;  // completions we have looked at
  unsigned expected_ = 0; // completions asked for (one per SQE) and not yet scanned
  // user_data of each slot's timeout still in flight, 0 if none (a user_data is never 0).
  std::array<std::uint64_t, VTICK_OUTSOURCED_MAX_TIMERS> in_flight_{};
  std::array<bool, VTICK_OUTSOURCED_MAX_TIMERS> used_{};
  // Each slot's latest expiry completion (its CQ index), until an arm or cancel looks at it.
  std::array<unsigned, VTICK_OUTSOURCED_MAX_TIMERS> expiry_at_{};
  std::array<bool, VTICK_OUTSOURCED_MAX_TIMERS> expiry_seen_{};
  std::uint64_t arms_ = 0;
  std::uint64_t cancels_ = 0;
  std::uint64_t bad_timer_ids_ = 0;
  std::uint64_t bad_deadlines_ = 0;
  std::uint64_t queue_full_ = 0;
  std::uint64_t bad_consumed_ = 0;
  std::uint64_t expiries_ = 0;
  std::uint64_t removes_ = 0;
  std::uint64_t remove_misses_ = 0;
  std::uint64_t removed_timeouts_ = 0;
  std::uint64_t expiries_overtaken_ = 0;
  std::uint64_t unexpected_completions_ = 0;
};

}  // namespace vtick::realvm::vmm
