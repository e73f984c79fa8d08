#include "realvm/vmm/vm_config.hpp"

#include <cmath>
#include <string>

#include "realvm/vmm/error.hpp"

namespace vtick::realvm::vmm {

std::string_view timer_scheme_name(TimerScheme scheme) {
  switch (scheme) {
    case TimerScheme::user_pit: return "user_pit";
    case TimerScheme::kernel_pit: return "kernel_pit";
    case TimerScheme::outsourced: return "outsourced";
  }
  return "unknown";
}

std::string_view guest_workload_name(GuestWorkload workload) {
  switch (workload) {
    case GuestWorkload::periodic_timer: return "periodic_timer";
    case GuestWorkload::media: return "media";
    case GuestWorkload::tcp_rto: return "tcp_rto";
    case GuestWorkload::cron: return "cron";
  }
  return "unknown";
}

std::string_view clock_kind_name(ClockKind clock) {
  switch (clock) {
    case ClockKind::jiffies: return "jiffies";
    case ClockKind::kvmclock: return "kvmclock";
    case ClockKind::vmm_pvclock: return "vmm_pvclock";
  }
  return "unknown";
}

std::string_view outsourcing_delivery_name(OutsourcingDelivery delivery) {
  switch (delivery) {
    case OutsourcingDelivery::vmm_thread: return "vmm_thread";
    case OutsourcingDelivery::host_kernel: return "host_kernel";
  }
  return "unknown";
}

namespace {

/// The guest checks the same ranges (realvm/guest/boot_config.c).
void validate_workload(const WorkloadConfig& w) {
  using namespace std::chrono_literals;
  switch (w.kind) {
    case GuestWorkload::periodic_timer: return;
    case GuestWorkload::media:
      if (w.fps < 1 || w.fps > 1000) throw BadVmConfig("workload.fps: " + std::to_string(w.fps) + " is outside 1..1000");
      return;
    case GuestWorkload::cron:
      if (w.interval <= 0ns || w.at < 0ns) throw BadVmConfig("workload: cron needs a positive interval and at >= 0");
      return;
    case GuestWorkload::tcp_rto:
      if (w.interval <= 0ns || w.rto <= 0ns || w.rtt <= 0ns) {
        throw BadVmConfig("workload: tcp_rto needs a positive interval, rto and rtt");
      }
      if (!(w.loss >= 0.0 && w.loss <= 1.0)) throw BadVmConfig("workload.loss: outside 0..1");
      return;
  }
}

/// The simulator's `uniform() < loss` for a draw's top 53 bits x: x * 2^-53 < loss, i.e.
/// x < loss * 2^53, i.e. x < ceil(loss * 2^53) (the product is exact: a power of two).
std::uint64_t loss_threshold(double loss) { return static_cast<std::uint64_t>(std::ceil(std::ldexp(loss, 53))); }

std::uint32_t workload_kind(GuestWorkload workload) {
  switch (workload) {
    case GuestWorkload::periodic_timer: return VTICK_WORKLOAD_PERIODIC_TIMER;
    case GuestWorkload::media: return VTICK_WORKLOAD_MEDIA;
    case GuestWorkload::tcp_rto: return VTICK_WORKLOAD_TCP_RTO;
    case GuestWorkload::cron: return VTICK_WORKLOAD_CRON;
  }
  return 0;
}

}  // namespace

void validate(const VmConfig& config) {
  using namespace std::chrono_literals;
  if (config.guest_image.empty()) {
    throw BadVmConfig("guest_image: no guest image given");
  }
  // The guest loads at 1 MiB and keeps a 16 KiB stack in its .bss; 2 MiB is the least
  // that holds it. KVM maps the memory from a 32-bit guest's point of view: below 3 GiB
  // keeps it clear of the LAPIC/IOAPIC pages at 0xfec00000+.
  if (config.memory_bytes < (2u << 20) || config.memory_bytes > (3ull << 30) || config.memory_bytes % 4096 != 0) {
    throw BadVmConfig("memory_bytes: " + std::to_string(config.memory_bytes) +
                      " is not a multiple of 4 KiB between 2 MiB and 3 GiB");
  }
  // 19 Hz: the 16-bit PIT counter's slowest rate. 1000 Hz: Linux's highest HZ.
  if (config.hz < 19 || config.hz > 1000) {
    throw BadVmConfig("hz: " + std::to_string(config.hz) + " is outside 19..1000");
  }
  if (config.scheme == TimerScheme::outsourced && config.clock != ClockKind::kvmclock) {
    throw BadVmConfig("clock: the outsourced scheme's deadlines are kvmclock times, so it needs clock=kvmclock");
  }
  if (config.outsourcing_delivery != OutsourcingDelivery::vmm_thread && config.scheme != TimerScheme::outsourced) {
    throw BadVmConfig("outsourcing_delivery: only the outsourced scheme has expiries to deliver");
  }
  if (config.hypercall_bench && (config.scheme != TimerScheme::outsourced || config.exit_bench_iterations == 0)) {
    throw BadVmConfig("hypercall_bench: needs scheme=outsourced (the only one serving timer calls) and exit_bench_iterations > 0");
  }
  // Below 100 us the writer thread would be most of a CPU on this host for no gain: the
  // guest extrapolates between updates with its TSC anyway.
  if (config.pvclock_update_interval < 100us) {
    throw BadVmConfig("pvclock_update_interval: below 100 us");
  }
  // As the simulator's scenario parser: 2..64 times the tick rate.
  if (config.catchup_max_factor < 2 || config.catchup_max_factor > 64) {
    throw BadVmConfig("catchup_max_factor: " + std::to_string(config.catchup_max_factor) + " is outside 2..64");
  }
  if (config.catchup_giveup_threshold <= 0ns) {
    throw BadVmConfig("catchup_giveup_threshold must be positive");
  }
  if (config.timer_hypercalls_per_second == 0 || config.timer_hypercalls_per_second > 1'000'000'000 ||
      config.timer_hypercall_burst == 0) {
    throw BadVmConfig("timer_hypercalls_per_second must be 1..1e9 and timer_hypercall_burst positive");
  }
  if (config.period <= 0ns || config.sample_interval <= 0ns || config.duration <= 0ns || config.timeout <= 0ns) {
    throw BadVmConfig("period, sample_interval, duration and timeout must all be positive");
  }
  validate_workload(config.workload);
}

vtick_boot_config boot_config_for(const VmConfig& config) {
  vtick_boot_config boot{};
  boot.magic = VTICK_BOOT_CONFIG_MAGIC;
  boot.abi_version = VTICK_ABI_VERSION;
  switch (config.scheme) {
    case TimerScheme::user_pit: boot.scheme = VTICK_SCHEME_USER_PIT; break;
    case TimerScheme::kernel_pit: boot.scheme = VTICK_SCHEME_KERNEL_PIT; break;
    case TimerScheme::outsourced: boot.scheme = VTICK_SCHEME_OUTSOURCED; break;
  }
  boot.hz = config.hz;
  switch (config.clock) {
    case ClockKind::jiffies: boot.clock = VTICK_CLOCK_JIFFIES; break;
    case ClockKind::kvmclock: boot.clock = VTICK_CLOCK_KVMCLOCK; break;
    case ClockKind::vmm_pvclock: boot.clock = VTICK_CLOCK_VMM_PVCLOCK; break;
  }
  boot.flags = (config.touch_unclaimed_port ? VTICK_FLAG_TOUCH_UNCLAIMED_PORT : 0) |
               (config.hypercall_bench ? VTICK_FLAG_HYPERCALL_BENCH : 0);
  boot.period_ns = static_cast<std::uint64_t>(config.period.count());
  boot.sample_interval_ns = static_cast<std::uint64_t>(config.sample_interval.count());
  boot.duration_ns = static_cast<std::uint64_t>(config.duration.count());
  boot.seed = config.seed;
  boot.exit_bench_iterations = config.exit_bench_iterations;
  boot.misbehave = static_cast<std::uint32_t>(config.misbehave);
  boot.hypercall_args_gpa = VTICK_HYPERCALL_ARGS_GPA;
  boot.timer_ring_gpa = config.scheme == TimerScheme::outsourced ? VTICK_TIMER_RING_GPA : 0;
  boot.vmm_pvclock_gpa = config.clock == ClockKind::vmm_pvclock ? VTICK_PVCLOCK_PAGE_GPA : 0;
  const WorkloadConfig& w = config.workload;
  boot.workload = workload_kind(w.kind);
  boot.fps = w.fps;
  boot.ack_ring_gpa = w.kind == GuestWorkload::tcp_rto ? VTICK_ACK_RING_GPA : 0;
  boot.interval_ns = static_cast<std::uint64_t>(w.interval.count());
  boot.rto_ns = static_cast<std::uint64_t>(w.rto.count());
  boot.at_ns = static_cast<std::uint64_t>(w.at.count());
  boot.workload_seed = w.stream_seed;
  boot.loss_threshold = loss_threshold(w.loss);
  return boot;
}

}  // namespace vtick::realvm::vmm
