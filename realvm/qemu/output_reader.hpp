// A thread that drains QEMU's three output pipes (guest console, guest trace, QEMU's own
// stderr) and stamps each complete trace line with host CLOCK_MONOTONIC when its newline
// is read: the stamp is as early as the host can take it, but after QEMU's write() and
// this thread's wake-up (docs/realvm.md, "QEMU").
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "realvm/vmm/fd.hpp"
#include "realvm/vmm/trace_record.hpp"

namespace vtick::realvm::qemu {

struct QemuOutput {
  std::string console;
  std::string stderr_text;
  std::vector<vmm::TraceRecord> trace;
  std::uint64_t trace_lines = 0;      ///< complete lines read
  std::uint64_t malformed_lines = 0;  ///< lines that were not trace records (not in `trace`)
  bool kept_off_vmm_cpus = false;     ///< the reader ran on CPUs QEMU was not pinned to
};

class OutputReader {
 public:
  /// Takes the read ends of the three pipes and starts reading at once, on CPUs other than
  /// `vmm_cpus` (QEMU's vmm.affinity) where there are any: QEMU writes the guest's serial
  /// output a byte per write(), and a reader woken for each beside QEMU's vCPU thread took
  /// its CPU some 2,000 times a second.
  OutputReader(vmm::Fd console, vmm::Fd trace, vmm::Fd stderr_pipe, std::vector<int> vmm_cpus = {});
  ~OutputReader();
  OutputReader(const OutputReader&) = delete;
  OutputReader& operator=(const OutputReader&) = delete;

  /// Call once QEMU is reaped: reads what is left in the pipes, stops the thread and
  /// returns everything. (EOF alone cannot be relied on: a process forked elsewhere in
  /// this program may hold a copy of a write end.)
  QemuOutput finish();

 private:
  void run();

  vmm::Fd console_;
  vmm::Fd trace_;
  vmm::Fd stderr_;
  std::atomic<bool> writer_gone_{false};
  QemuOutput output_;
  std::string partial_trace_line_;
  std::vector<int> vmm_cpus_;
  std::jthread thread_;
};

}  // namespace vtick::realvm::qemu
