#include "realvm/vmm/run_result.hpp"

#include <cstdio>

namespace vtick::realvm::vmm {

std::string_view exit_reason_name(ExitReason reason) {
  switch (reason) {
    case ExitReason::guest_exit: return "guest_exit";
    case ExitReason::timeout: return "timeout";
    case ExitReason::stopped: return "stopped";
    case ExitReason::guest_halted: return "guest_halted";
    case ExitReason::guest_shutdown: return "guest_shutdown";
    case ExitReason::entry_failed: return "entry_failed";
    case ExitReason::internal_error: return "internal_error";
    case ExitReason::unexpected_exit: return "unexpected_exit";
  }
  return "unknown";
}

std::vector<TraceRecord> RunResult::records_of(std::uint32_t kind) const {
  std::vector<TraceRecord> out;
  for (const TraceRecord& record : trace) {
    if (record.kind == kind) {
      out.push_back(record);
    }
  }
  return out;
}

std::uint64_t RunResult::counter(const std::string& name) const {
  const auto found = counters.find(name);
  return found == counters.end() ? 0 : found->second;
}

std::string describe(const RunResult& result) {
  std::string text = "run ended: " + std::string(exit_reason_name(result.reason));
  if (result.guest_exit_code) {
    text += " (guest exit code " + std::to_string(*result.guest_exit_code) + ")";
  }
  if (!result.detail.empty()) {
    text += "; " + result.detail;
  }
  if (result.registers) {
    const Registers& r = *result.registers;
    char line[256];
    std::snprintf(line, sizeof line,
                  "; rip=0x%llx rsp=0x%llx rflags=0x%llx rax=0x%llx cr0=0x%llx cr2=0x%llx",
                  static_cast<unsigned long long>(r.rip), static_cast<unsigned long long>(r.rsp),
                  static_cast<unsigned long long>(r.rflags), static_cast<unsigned long long>(r.rax),
                  static_cast<unsigned long long>(r.cr0), static_cast<unsigned long long>(r.cr2));
    text += line;
  }
  std::string nonzero;
  for (const auto& [name, value] : result.counters) {
    if (value != 0) {
      nonzero += " " + name + "=" + std::to_string(value);
    }
  }
  if (!nonzero.empty()) {
    text += "; counters:" + nonzero;
  }
  if (!result.console.empty()) {
    text += "; console:\n" + result.console;
  }
  return text;
}

}  // namespace vtick::realvm::vmm
