// The VMM clocksource in user space: a VMM thread that keeps a pvclock struct in guest
// memory current, as KVM does for kvmclock, but from user space and on a timer of our own.
// Each update pairs a guest TSC reading (host rdtsc + the vCPU's TSC offset) with host
// CLOCK_MONOTONIC since the VM started; the guest extrapolates between updates with its own
// TSC, so how often we update decides only how far the two clocks' rates can drift apart,
// not the clock's resolution.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "realvm/protocol.h"
#include "realvm/vmm/guest_memory.hpp"
#include "realvm/vmm/guest_tsc.hpp"
#include "realvm/vmm/port_device.hpp"
#include "realvm/vmm/pvclock_scale.hpp"

namespace vtick::realvm::vmm {

/// The guest's view of the page (Linux struct pvclock_vcpu_time_info).
struct PvclockPage {
  std::uint32_t version;
  std::uint32_t pad0;
  std::uint64_t tsc_timestamp;
  std::uint64_t system_time;
  std::uint32_t tsc_to_system_mul;
  std::int8_t tsc_shift;
  std::uint8_t flags;
  std::uint8_t pad[2];
};
static_assert(sizeof(PvclockPage) == 32);

class PvclockWriter {
 public:
  /// Starts writing at once, every `interval`; the clock's 0 is now.
  PvclockWriter(const GuestMemory& memory, std::uint64_t page_gpa, GuestTsc tsc, std::chrono::nanoseconds interval);
  ~PvclockWriter();  // stops and joins
  PvclockWriter(const PvclockWriter&) = delete;
  PvclockWriter& operator=(const PvclockWriter&) = delete;

  void stop();  ///< idempotent
  void report(Counters& counters) const;  ///< only after stop()

 private:
  void update();
  void loop();

  PvclockPage* page_;
  GuestTsc tsc_;
  PvclockScale scale_;
  std::chrono::nanoseconds interval_;
  std::int64_t origin_ns_;
  std::uint32_t version_ = 0;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;
  std::thread thread_;
  std::uint64_t updates_ = 0;
  std::uint64_t pairing_retries_ = 0;
  std::int64_t max_gap_ns_ = 0;  // longest time between two updates: the thread's worst delay
  std::int64_t last_update_ns_ = 0;
};

}  // namespace vtick::realvm::vmm
