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
    plan.host_noise.stall_run_ns = 5'000'000'000;
    plan.kvm.exit_batches = 3;
    plan.kvm.exits_per_batch = 1000;
    plan.kvm.injection_run = 1500ms;
    plan.engines.run = 1500ms;
    plan.engines.repeats = 1;
    plan.engines.linux_repeats = 1;
  } else {
    plan.context_switch = ContextSwitchPlan{21, 2000};
    plan.kvm.exit_batches = 7;
    plan.kvm.exits_per_batch = 2000;
    plan.kvm.injection_run = 5s;
    plan.engines.run = 3s;
    plan.engines.repeats = 3;
    plan.engines.linux_repeats = 2;
  }
  return plan;
}

}  // namespace vtick::calibration
