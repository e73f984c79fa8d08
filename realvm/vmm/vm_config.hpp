// Everything one real-VM run needs to know, in host terms. run_vm() validates it and turns
// the guest's part into the struct vtick_boot_config of realvm/protocol.h.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "realvm/protocol.h"
#include "realvm/vmm/lost_tick_policy.hpp"

namespace vtick::realvm::vmm {

enum class TimerScheme {
  user_pit,   ///< our timer thread emulates the PIT from user space (the paper's baseline)
  kernel_pit, ///< KVM's in-kernel PIT
  outsourced, ///< no tick: each guest timer is a host timer (timer outsourcing); needs kvmclock
};

enum class ClockKind {
  jiffies,  ///< tick counting
  kvmclock, ///< the VMM clocksource (pvclock page KVM keeps)
  vmm_pvclock, ///< the same page kept by a VMM thread from user space
};

/// Outsourced timers: who carries a host timer's expiry to the guest.
enum class OutsourcingDelivery {
  vmm_thread,  ///< a VMM thread waits on timerfds and posts to the guest's ring (outsourced_timers)
  host_kernel, ///< io_uring timeouts; the kernel writes the completion and raises the IRQ (host_kernel_timers)
};

/// A hostile guest on request (realvm/protocol.h enum vtick_misbehaviour), to test the VMM.
enum class Misbehaviour {
  none = VTICK_MISBEHAVE_NONE,
  bad_hypercalls = VTICK_MISBEHAVE_BAD_HYPERCALLS,
  timer_flood = VTICK_MISBEHAVE_TIMER_FLOOD,
  triple_fault = VTICK_MISBEHAVE_TRIPLE_FAULT,
  spin = VTICK_MISBEHAVE_SPIN,
};

/// Which of the simulator's timer workloads the guest runs (realvm/protocol.h
/// enum vtick_workload_kind; models/guest/ for their semantics).
enum class GuestWorkload { periodic_timer, media, tcp_rto, cron };

/// The workload's parameters besides VmConfig::period (periodic_timer's).
struct WorkloadConfig {
  GuestWorkload kind = GuestWorkload::periodic_timer;
  std::uint32_t fps = 30;                                              ///< media
  std::chrono::nanoseconds interval{std::chrono::milliseconds(100)};  ///< tcp_rto: per segment; cron: per check
  std::chrono::nanoseconds rto{std::chrono::milliseconds(200)};       ///< tcp_rto, guest time
  std::chrono::nanoseconds rtt{std::chrono::milliseconds(50)};        ///< tcp_rto, host time (the VMM's TcpPeer)
  double loss = 0.0;                                                   ///< tcp_rto: probability a segment is lost
  std::uint64_t stream_seed = 0;  ///< tcp_rto: sim::stream_seed(run seed, "tcp/<name>")
  std::chrono::nanoseconds at{std::chrono::seconds(1)};                ///< cron: due, guest wall clock
};

std::string_view timer_scheme_name(TimerScheme scheme);
std::string_view guest_workload_name(GuestWorkload workload);
std::string_view clock_kind_name(ClockKind clock);
std::string_view outsourcing_delivery_name(OutsourcingDelivery delivery);

struct VmConfig {
  std::filesystem::path guest_image;
  std::size_t memory_bytes = 4 << 20;
  TimerScheme scheme = TimerScheme::user_pit;
  LostTickPolicy lost_tick_policy = LostTickPolicy::discard;  ///< user_pit only
  std::chrono::nanoseconds catchup_giveup_threshold{std::chrono::milliseconds(50)};  ///< catchup_giveup only
  int catchup_max_factor = 4;  ///< catchup policies: drain a backlog at up to this many times the tick rate
  OutsourcingDelivery outsourcing_delivery = OutsourcingDelivery::vmm_thread;  ///< outsourced only
  /// host_kernel only: raise the expiry interrupt as an MSI (KVM injects it in the eventfd's
  /// wake-up) rather than PIC IRQ 5 (injected from a kernel workqueue).
  bool host_kernel_msi = true;
  bool kernel_pit_reinject = true;                           ///< kernel_pit only: on = delay, off = discard
  std::uint32_t hz = 100;
  ClockKind clock = ClockKind::jiffies;
  std::chrono::nanoseconds period{std::chrono::milliseconds(50)};          ///< periodic_timer period
  WorkloadConfig workload;
  std::chrono::nanoseconds sample_interval{std::chrono::milliseconds(100)};
  std::chrono::nanoseconds duration{std::chrono::seconds(1)};              ///< by the guest's clock
  std::chrono::nanoseconds timeout{std::chrono::seconds(10)};              ///< host wall clock, whatever the guest does
  std::chrono::nanoseconds pvclock_update_interval{std::chrono::milliseconds(10)};  ///< vmm_pvclock only
  std::uint64_t seed = 0;
  std::uint32_t exit_bench_iterations = 0;  ///< >0: run the exit benchmark instead of the workload
  /// The exit benchmark times that many TIMER_ARM + TIMER_CANCEL hypercall pairs instead of
  /// NOP-port outs. Outsourced scheme only; the rate limit above still applies.
  bool hypercall_bench = false;
  bool touch_unclaimed_port = false;
  Misbehaviour misbehave = Misbehaviour::none;
  /// Outsourced timer hypercalls a guest may make: on average per second, and at once. The
  /// workload makes about 100 a second; a flood beyond this is refused and counted.
  std::uint64_t timer_hypercalls_per_second = 10'000;
  std::uint64_t timer_hypercall_burst = 256;        ///< have the guest poke VTICK_PORT_UNCLAIMED (tests)
  /// Set from any thread or a signal handler to end the run early (ExitReason::stopped).
  const std::atomic<bool>* stop_request = nullptr;
};

/// Throws BadVmConfig naming the field and the accepted range.
void validate(const VmConfig& config);

/// The guest's view of `config`.
vtick_boot_config boot_config_for(const VmConfig& config);

}  // namespace vtick::realvm::vmm
