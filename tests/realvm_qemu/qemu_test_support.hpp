// Shared by the QEMU runner tests: a short run, and skipping (with the reason) where
// qemu-system-x86_64 is not installed.
#pragma once

#include <gtest/gtest.h>

#include <chrono>

#include "realvm/qemu/find_executable.hpp"
#include "realvm/qemu/qemu_config.hpp"

namespace vtick::realvm::qemu::testing {

#define VTICK_SKIP_WITHOUT_QEMU()                                                                    \
  do {                                                                                               \
    if (!::vtick::realvm::qemu::find_executable(::vtick::realvm::qemu::QemuConfig{}.qemu_binary)) { \
      GTEST_SKIP() << "needs qemu-system-x86_64 on PATH (Debian package qemu-system-x86)";          \
    }                                                                                                \
  } while (0)

/// TCG, 100 Hz, a 20 ms workload timer, 50 ms samples, 1 s of guest time. QEMU boots this
/// guest in about 0.3 s, so a run takes well under 2 s; the timeout leaves room for a busy host.
inline QemuConfig short_run() {
  using namespace std::chrono_literals;
  QemuConfig config;
  config.vm.guest_image = VTICK_GUEST_IMAGE;
  config.vm.hz = 100;
  config.vm.period = 20ms;
  config.vm.sample_interval = 50ms;
  config.vm.duration = 1s;
  config.vm.timeout = 10s;
  return config;
}

}  // namespace vtick::realvm::qemu::testing
