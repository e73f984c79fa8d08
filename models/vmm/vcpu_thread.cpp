#include "models/vmm/vcpu_thread.hpp"

#include <algorithm>
#include <stdexcept>

namespace vtick::models::vmm {
namespace {
TimeNs at_least_1ns(TimeNs cost) { return std::max<TimeNs>(1, cost); }

bool has_busy_workload(const sim::GuestSpec& guest) {
  return std::any_of(guest.workloads.begin(), guest.workloads.end(),
                     [](const sim::WorkloadSpec& w) { return w.kind == sim::WorkloadKind::Busy; });
}
}  // namespace

VcpuThread::VcpuThread(host::HostKernel& host, TimerDevice& device, LostTickPolicy& policy,
                       guest::GuestKernel& guest, VmmLock& lock, const sim::VmmSpec& vmm,
                       const sim::GuestSpec& guest_spec, std::uint64_t seed, sim::TraceWriter* trace)
    : host_(host),
      device_(device),
      policy_(policy),
      guest_(guest),
      lock_(vmm.vcpu_lock_attempt_ns > 0 ? &lock : nullptr),
      inject_cost_(vmm.vcpu_lock_attempt_ns > 0 ? vmm.vcpu_lock_attempt_ns
                   : sim::is_tcg(vmm.engine)    ? 1
                                                : at_least_1ns(vmm.inject_ns)),
      handler_cost_(at_least_1ns(vmm.vcpu_tick_cost_ns.value_or(guest_spec.tick_cost_ns))),
      exit_cost_(sim::is_tcg(vmm.engine) ? 1 : at_least_1ns(vmm.vm_exit_ns)),
      callback_cost_(at_least_1ns(vmm.vcpu_callback_cost_ns.value_or(guest_spec.timer_callback_cost_ns))),
      sample_cost_(vmm.vcpu_sample_cost_ns ? std::optional(at_least_1ns(*vmm.vcpu_sample_cost_ns)) : std::nullopt),
      handler_spread_(vmm.vcpu_tick_cost_spread_ppm, seed, kTickSpreadStream),
      callback_spread_(vmm.vcpu_callback_cost_spread_ppm, seed, kCallbackSpreadStream),
      sample_spread_(vmm.vcpu_sample_cost_spread_ppm, seed, kSampleSpreadStream),
      rest_(vmm.vcpu_rest_cpu),
      guest_busy_(has_busy_workload(guest_spec)),
      task_(host.scheduler().add_task(host::TaskParams{"vmm.vcpu", vmm.nice, sim::SchedPolicy::Normal, 0, vmm.affinity},
                                      *this)),
      trace_(trace) {
  if (trace_ != nullptr) track_ = trace_->track("guest", "vcpu 0");
  device_.line().connect(*this);
  guest_.take_timer_exits();  // timers armed while the guest booted cost the run nothing
  // A busy guest's vCPU thread starts running: it never slept, so no wake-up latency.
  if (guest_busy_) host_.scheduler().start(task_, begin(Step::GuestCode));
}

void VcpuThread::add_source(InterruptSource& source) {
  sources_.push_back(&source);
  source.line().connect(*this);
}

bool VcpuThread::any_requested() const {
  return device_.line().requested() ||
         std::any_of(sources_.begin(), sources_.end(), [](InterruptSource* s) { return s->line().requested(); });
}

void VcpuThread::on_interrupt_requested() {
  if (step_ == Step::Halted) {
    host_.scheduler().wake(task_, begin(Step::Inject));
  } else if (step_ == Step::GuestCode) {
    ++vm_exits_;
    host_.scheduler().set_burst(task_, begin(Step::Kick));
  }  // otherwise the VMM is already handling an interrupt and takes this one next
}

void VcpuThread::on_lock_released() { host_.scheduler().wake(task_, begin(Step::TakeLock)); }

// The inject step (or the wait for the lock) is over: takes the interrupt and starts its handler.
TimeNs VcpuThread::take_interrupt(TimeNs now) {
  serving_ = nullptr;
  if (!device_.line().requested()) {
    serving_ = *std::find_if(sources_.begin(), sources_.end(), [](InterruptSource* s) { return s->line().requested(); });
  }
  serving_line().accept();
  ++injections_;
  return begin(Step::Handler) + rest_.take(now);
}

TimeNs VcpuThread::on_burst_complete(host::TaskId, TimeNs now) {
  switch (step_) {
    case Step::Kick:
      return begin(Step::Inject);
    case Step::Inject:
      if (lock_ != nullptr && lock_->held()) {
        step_ = Step::WaitLock;
        lock_->wait(*this);
        return 0;
      }
      return take_interrupt(now);
    case Step::TakeLock:
      return take_interrupt(now);
    case Step::Handler:
      if (serving_ != nullptr) {
        serving_->handled(now);
      } else {
        guest_.handle_tick(now);
        if (trace_ != nullptr) trace_->instant(track_, "tick", now, "jiffies", static_cast<std::int64_t>(guest_.jiffies()));
      }
      ++vm_exits_;
      return begin(Step::Eoi);
    case Step::Eoi:
      serving_line().end_of_interrupt();
      if (serving_ == nullptr) policy_.on_guest_ack(device_);
      return after_eoi_or_callback();
    case Step::Callback:
      guest_.run_next_callback(now);
      if (trace_ != nullptr) trace_->instant(track_, "timer expiry", now);
      pending_hypercalls_ = guest_.take_timer_exits();
      if (pending_hypercalls_ > 0) return begin(Step::Hypercall);
      return after_eoi_or_callback();
    case Step::Hypercall:
      vm_exits_ += pending_hypercalls_;
      return after_eoi_or_callback();
    case Step::Halt:
      if (any_requested()) return begin(Step::Inject);
      step_ = Step::Halted;
      return 0;
    case Step::Halted:
    case Step::GuestCode:
    case Step::WaitLock:
      break;
  }
  throw std::logic_error("vCPU thread finished an endless, halted or blocked step");
}

TimeNs VcpuThread::after_eoi_or_callback() {
  if (guest_.has_due_callback()) return begin(Step::Callback);
  if (any_requested()) return begin(Step::Inject);
  if (guest_busy_) return begin(Step::GuestCode);
  ++vm_exits_;
  return begin(Step::Halt);
}

TimeNs VcpuThread::begin(Step step) {
  step_ = step;
  switch (step) {
    case Step::Inject: return inject_cost_;
    case Step::Handler: return handler_spread_.next(handler_cost_);
    case Step::GuestCode: return host::kEndlessBurst;
    case Step::TakeLock: return 1;
    case Step::Kick:
    case Step::Eoi:
    case Step::Halt: return exit_cost_;
    case Step::Callback: return callback_step_cost();
    case Step::Hypercall: return exit_cost_ * static_cast<TimeNs>(pending_hypercalls_);
    case Step::Halted:
    case Step::WaitLock: break;
  }
  throw std::logic_error("no cost for the halted or blocked state");
}

TimeNs VcpuThread::callback_step_cost() {
  if (sample_cost_ && guest_.next_callback_work() == guest::TimerWork::ClockSample) {
    return sample_spread_.next(*sample_cost_);
  }
  return callback_spread_.next(callback_cost_);
}

}  // namespace vtick::models::vmm
