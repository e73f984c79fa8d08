#include "calibration/inject_derivation.hpp"

#include <algorithm>

namespace vtick::calibration {

InjectDerivation derive_inject(const Summary& injection, const Summary& wakeup, std::int64_t vm_exit_ns) {
  InjectDerivation d;
  d.from_medians_ns = injection.p50 - wakeup.p50 - vm_exit_ns;
  d.from_minimums_ns = injection.min - wakeup.min - vm_exit_ns;
  d.inject_ns = std::max<std::int64_t>({d.from_medians_ns, d.from_minimums_ns, 1});
  const auto n = [](std::int64_t v) { return std::to_string(v) + "ns"; };
  d.formula = "max(injection p50 " + n(injection.p50) + " - wake-up p50 " + n(wakeup.p50) + " - vm_exit " +
              n(vm_exit_ns) + " = " + n(d.from_medians_ns) + ", injection min " + n(injection.min) +
              " - wake-up min " + n(wakeup.min) + " - vm_exit " + n(vm_exit_ns) + " = " + n(d.from_minimums_ns) +
              ", 1ns) = " + n(d.inject_ns);
  return d;
}

}  // namespace vtick::calibration
