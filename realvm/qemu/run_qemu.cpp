#include "realvm/qemu/run_qemu.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "realvm/protocol.h"
#include "realvm/qemu/error.hpp"
#include "realvm/qemu/find_executable.hpp"
#include "realvm/qemu/output_reader.hpp"
#include "realvm/qemu/qemu_process.hpp"
#include "realvm/vmm/host_clock.hpp"

namespace vtick::realvm::qemu {
namespace {

// How often the run looks at QEMU, the stop request and the timeout: the stop request is a
// plain atomic (a signal handler may set it), which rules out being woken by it.
constexpr auto kPollInterval = std::chrono::milliseconds(5);

struct Pipe {
  vmm::Fd read;
  vmm::Fd write;
};

Pipe make_pipe() {
  int fds[2];
  // Close-on-exec: no other child this program execs keeps QEMU's pipes open.
  if (pipe2(fds, O_CLOEXEC) != 0) {
    throw QemuError(std::string("pipe2: ") + std::strerror(errno));
  }
  return {vmm::Fd(fds[0]), vmm::Fd(fds[1])};
}

/// QEMU's isa-debug-exit makes it exit with (code << 1) | 1, truncated to 8 bits; the
/// guest's exit record carries the whole code, so both must agree.
std::optional<std::uint32_t> guest_exit_code(int exit_status, const std::vector<vmm::TraceRecord>& trace) {
  for (auto record = trace.rbegin(); record != trace.rend(); ++record) {
    if (record->kind == VTICK_TRACE_EXIT) {
      if (static_cast<int>(((record->id << 1) | 1) & 0xff) == exit_status) {
        return record->id;
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

vmm::RunResult run_qemu(const QemuConfig& config) {
  validate(config);
  if (access(config.vm.guest_image.c_str(), R_OK) != 0) {
    throw QemuError("guest image " + config.vm.guest_image.string() + ": " + std::strerror(errno));
  }
  QemuLaunch launch;
  launch.qemu_binary = config.qemu_binary;
  launch.arguments = [&config](const std::string& binary, int console_fd, int trace_fd) {
    return qemu_arguments(config, binary, console_fd, trace_fd);
  };
  launch.timeout = config.vm.timeout;
  launch.stop_request = config.vm.stop_request;
  launch.on_spawn = config.on_spawn;
  launch.scheduling = config.scheduling;
  return run_qemu(launch);
}

vmm::RunResult run_qemu(const QemuLaunch& launch) {
  const auto binary = find_executable(launch.qemu_binary);
  if (!binary) {
    throw QemuUnavailable(launch.qemu_binary +
                          " not found on PATH: install QEMU (Debian: qemu-system-x86, see scripts/install-deps.sh)");
  }
  Pipe console = make_pipe();
  Pipe trace = make_pipe();
  Pipe stderr_pipe = make_pipe();
  const auto args = launch.arguments(*binary, console.write.get(), trace.write.get());

  vmm::RunResult result;
  result.stamping = vmm::Stamping::at_arrival;
  // Declared before the process: destroyed after it, once QEMU is dead and its output in.
  OutputReader reader(std::move(console.read), std::move(trace.read), std::move(stderr_pipe.read),
                      launch.scheduling.affinity);
  result.host_start_ns = vmm::host_monotonic_ns();
  QemuProcess process(args, {console.write.get(), trace.write.get()}, stderr_pipe.write.get(), launch.scheduling);
  // Only QEMU holds the write ends now, so its exit is what ends the output.
  console.write.reset();
  trace.write.reset();
  stderr_pipe.write.reset();
  if (launch.on_spawn) {
    launch.on_spawn(process.pid());
  }

  const auto deadline = std::chrono::steady_clock::now() + launch.timeout;
  std::optional<int> status;
  std::optional<vmm::ExitReason> ended_by_us;
  while (!(status = process.poll_exit())) {
    if (launch.stop_request && launch.stop_request->load()) {
      ended_by_us = vmm::ExitReason::stopped;
    } else if (std::chrono::steady_clock::now() >= deadline) {
      ended_by_us = vmm::ExitReason::timeout;
    }
    if (ended_by_us) {
      status = process.kill_and_reap();
      break;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  result.host_end_ns = vmm::host_monotonic_ns();
  QemuOutput output = reader.finish();
  result.console = std::move(output.console);
  result.trace = std::move(output.trace);
  result.detail = std::move(output.stderr_text);
  result.counters["qemu.pid"] = static_cast<std::uint64_t>(process.pid());
  result.counters["qemu.trace_lines"] = output.trace_lines;
  result.counters["qemu.malformed_trace_lines"] = output.malformed_lines;
  result.counters["qemu.reader_off_vmm_cpus"] = output.kept_off_vmm_cpus ? 1 : 0;
  result.counters["qemu.cpu_ns"] = static_cast<std::uint64_t>(process.cpu_ns());

  if (ended_by_us) {
    result.reason = *ended_by_us;
    return result;
  }
  if (WIFEXITED(*status)) {
    const int code = WEXITSTATUS(*status);
    if (code == 0) {
      result.reason = vmm::ExitReason::guest_shutdown;
      return result;
    }
    if (const auto guest_code = guest_exit_code(code, result.trace)) {
      result.reason = vmm::ExitReason::guest_exit;
      result.guest_exit_code = guest_code;
      return result;
    }
    throw QemuError(*binary + " exited with status " + std::to_string(code) + " and no matching guest exit: " +
                    result.detail);
  }
  throw QemuError(*binary + " was killed by signal " + std::to_string(WTERMSIG(*status)) + ": " + result.detail);
}

}  // namespace vtick::realvm::qemu
