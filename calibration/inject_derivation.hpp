// vmm.inject from the measured injection latency, without counting twice what the model
// prices elsewhere.
//
// Measured (realvm/measure/injection_latency.hpp): host time from just before the user PIT
// thread pulses IRQ 0 to the stamp of the first trace record that tick's handler writes.
// On that path our guest's vCPU thread, halted in KVM_RUN, is woken; KVM enters the guest
// with the interrupt; the guest's stub and tick handler run; the handler's EOI to the PIC
// exits to our VMM and back; the timer code writes the record, whose exit is stamped.
//
// Modelled (models/vmm/vcpu_thread.cpp, after the timer thread raised the line): the halted
// vCPU task is woken by the host scheduler (which, with host.wakeup_latency, draws a
// wake-up latency), then Inject (vmm.inject), Handler (guest.tick_cost), Eoi (vmm.vm_exit),
// Callback (guest.timer_callback_cost).
//
// So  inject = injection p50 - wake-up p50 - vm_exit:  the wake-up is the model's
// host.wakeup_latency (medians: a constant c shifts a distribution's median by exactly c),
// the EOI's exit is the model's vm_exit. Floored at  injection min - wake-up min - vm_exit,
// so that the model's fastest injection (wake-up min + inject + vm_exit) is never faster
// than the fastest measured one, and at 1 ns (the model's least cost of a step). What stays
// in inject: KVM's entry with the interrupt, and our guest's handler and timer code up to the
// record (a scenario's guest.tick_cost and timer_callback_cost come on top: keep them small
// when this profile describes our guest), and the record's exit to user space (half a
// round trip, not separately measured).
#pragma once

#include <cstdint>
#include <string>

#include "calibration/quantiles.hpp"

namespace vtick::calibration {

struct InjectDerivation {
  std::int64_t inject_ns = 0;
  std::int64_t from_medians_ns = 0;   ///< injection p50 - wake-up p50 - vm_exit
  std::int64_t from_minimums_ns = 0;  ///< injection min - wake-up min - vm_exit
  /// The arithmetic with the figures, for the profile's comment and calibration section.
  std::string formula;
};

InjectDerivation derive_inject(const Summary& injection, const Summary& wakeup, std::int64_t vm_exit_ns);

}  // namespace vtick::calibration
