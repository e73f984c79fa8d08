// What crossing into the VMM costs: one bare exit (NOP-port out), and one timer hypercall
// (TIMER_ARM or TIMER_CANCEL: an out and an in, plus the VMM's work on the host timer), both
// timed by the guest's trace records around a loop of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "realvm/vmm/vm_config.hpp"

namespace vtick::realvm_bench {

/// Host microseconds per exit round trip over `iterations` NOP outs; prints one line.
/// nullopt (with the run described) if the benchmark did not complete.
std::optional<double> exit_round_trip_us(const std::string& image, std::uint32_t iterations);

/// Host microseconds per timer hypercall over `pairs` arm + cancel pairs under the
/// outsourced scheme with `delivery` (host_kernel: an io_uring submission per call); prints
/// one line. nullopt if the benchmark did not complete.
std::optional<double> timer_hypercall_us(const std::string& image, std::uint32_t pairs,
                                         realvm::vmm::OutsourcingDelivery delivery =
                                             realvm::vmm::OutsourcingDelivery::vmm_thread);

}  // namespace vtick::realvm_bench
