#include "realvm/runner/qemu_limits.hpp"

#include "realvm/runner/refusal.hpp"
#include "sim/scenario_names.hpp"

namespace vtick::realvm::runner {

void apply_qemu_limits(const sim::Scenario& scenario, MappedRun& mapped) {
  const bool tcg = mapped.engine == Engine::qemu_tcg;
  if (mapped.config.scheme == vmm::TimerScheme::outsourced) {
    unsupported_by_qemu(scenario, "guest.timers", "outsourced",
                        "the outsourcing hypercall port 0x511 is QEMU's fw_cfg; run it with `vtick realvm run`");
  }
  if (mapped.config.workload.kind == vmm::GuestWorkload::tcp_rto) {
    unsupported_by_qemu(scenario, "guest.workloads (" + mapped.workload + ")", "kind tcp_rto",
                        "its ACKs come from the vtick VMM's ACK ring and hypercall port 0x511, which is QEMU's fw_cfg; "
                        "run it with `vtick realvm run`");
  }
  if (tcg && mapped.config.clock == vmm::ClockKind::kvmclock) {
    unsupported_by_qemu(scenario, "guest.clocksource", "pvclock", "TCG offers no kvmclock; add --enable-kvm");
  }
  // QEMU's PIT has one behaviour per accelerator: TCG's i8254 drops the edges it ran late
  // for; with KVM, QEMU uses KVM's in-kernel PIT, which reinjects them.
  const sim::LostTickPolicyKind policy = tcg ? sim::LostTickPolicyKind::Discard : sim::LostTickPolicyKind::Delay;
  if (scenario.vmm.lost_tick_policy != policy) {
    unsupported_by_qemu(scenario, "vmm.lost_tick_policy", std::string(sim::name_of(scenario.vmm.lost_tick_policy)),
                        tcg ? "TCG's PIT discards lost ticks" : "with --enable-kvm, KVM's in-kernel PIT delays (reinjects) them");
  }
  if (tcg) {
    mapped.config.scheme = vmm::TimerScheme::user_pit;
  } else {
    mapped.config.scheme = vmm::TimerScheme::kernel_pit;
    mapped.config.kernel_pit_reinject = true;
  }
}

}  // namespace vtick::realvm::runner
