// Guest memory accesses outside RAM and outside the in-kernel LAPIC/IOAPIC reach us as
// KVM_EXIT_MMIO. Nothing lives there: reads see a floating bus, writes vanish, both counted.
#pragma once

#include <linux/kvm.h>

#include <cstring>

#include "realvm/vmm/port_device.hpp"

namespace vtick::realvm::vmm {

class UnclaimedMmio {
 public:
  void handle(kvm_run& run) {
    if (run.mmio.is_write) {
      ++writes_;
    } else {
      ++reads_;
      std::memset(run.mmio.data, 0xff, sizeof run.mmio.data);
    }
  }
  void report(Counters& counters) const {
    counters["mmio.unclaimed_reads"] = reads_;
    counters["mmio.unclaimed_writes"] = writes_;
  }

 private:
  std::uint64_t reads_ = 0;
  std::uint64_t writes_ = 0;
};

}  // namespace vtick::realvm::vmm
