// The host conditions every figure is measured under: idle, CPU hogs sharing the VMM's CPU,
// and a SCHED_FIFO blackout of that CPU. Everything the bench measures runs on CPU 0
// (pin_to_measured_cpu), and so does the load.
#pragma once

#include <chrono>
#include <memory>
#include <string_view>
#include <vector>

#include "realvm/load/host_load.hpp"

namespace vtick::realvm_bench {

enum class Condition {
  idle,      ///< no load of ours (the machine's own processes still run)
  hogs,      ///< two SCHED_OTHER busy loops pinned to CPU 0: the VMM gets about a third of it
  blackout,  ///< a SCHED_FIFO task spinning 35 ms of every 100 ms on CPU 0: nothing else runs there then
};

inline constexpr Condition kConditions[] = {Condition::idle, Condition::hogs, Condition::blackout};

std::string_view condition_name(Condition condition);
std::string_view condition_description(Condition condition);

/// Pins the calling thread to CPU 0; the threads it creates afterwards (run_vm's vCPU, tick,
/// pvclock and host-timer threads, the native timer thread) inherit that.
void pin_to_measured_cpu();

/// The condition's load, running from construction to destruction (none for idle). Every
/// load process exits by itself after `longest` even if this process dies.
class LoadScope {
 public:
  LoadScope(Condition condition, std::chrono::nanoseconds longest);

 private:
  std::unique_ptr<realvm::load::HostLoad> load_;
};

}  // namespace vtick::realvm_bench
