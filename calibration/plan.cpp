#include "calibration/plan.hpp"

namespace vtick::calibration {

CalibrationPlan plan_for(bool quick) {
  using namespace std::chrono_literals;
  CalibrationPlan plan;
  plan.quick = quick;
  if (quick) {
    plan.wakeup_idle_samples = 300;
    plan.wakeup_slack_samples = 100;
    plan.wakeup_loaded_samples = 200;
    plan.context_switch = ContextSwitchPlan{6, 1000};
    plan.host_noise.run_ns = 300'000'000;
    plan.kvm.exit_batches = 3;
    plan.kvm.exits_per_batch = 1000;
    plan.kvm.injection_run = 1500ms;
    plan.qemu.run = 1s;
  } else {
    plan.context_switch = ContextSwitchPlan{21, 2000};
    plan.kvm.exit_batches = 7;
    plan.kvm.exits_per_batch = 2000;
    plan.kvm.injection_run = 5s;
    plan.qemu.run = 4s;
  }
  return plan;
}

}  // namespace vtick::calibration
