// Shared by the real-VM tests: a run configuration short enough for a test, and skipping
// (with the reason) where this host cannot run KVM guests.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "realvm/vmm/error.hpp"
#include "realvm/vmm/kvm_system.hpp"
#include "realvm/vmm/vm_config.hpp"

namespace vtick::realvm::vmm::testing {

/// Empty if KVM is usable here, else why not.
inline std::optional<std::string> kvm_unavailable_reason() {
  try {
    KvmSystem kvm;
    return std::nullopt;
  } catch (const KvmUnavailable& error) {
    return std::string(error.what());
  }
}

#define VTICK_SKIP_WITHOUT_KVM()                                                           \
  do {                                                                                     \
    if (const auto why = ::vtick::realvm::vmm::testing::kvm_unavailable_reason()) {        \
      GTEST_SKIP() << "needs a usable /dev/kvm: " << *why;                                 \
    }                                                                                      \
  } while (0)

/// 100 Hz, a 20 ms workload timer, 50 ms samples, 1 s of guest time: enough ticks and
/// firings to see a clock's behaviour, short enough for a test on a slow nested host.
inline VmConfig short_run() {
  using namespace std::chrono_literals;
  VmConfig config;
  config.guest_image = VTICK_GUEST_IMAGE;
  config.hz = 100;
  config.period = 20ms;
  config.sample_interval = 50ms;
  config.duration = 1s;
  config.timeout = 3s;
  return config;
}

}  // namespace vtick::realvm::vmm::testing
