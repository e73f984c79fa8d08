#include "calibration/context_switch.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>

#include "calibration/measuring_cpu.hpp"
#include "realvm/vmm/host_clock.hpp"

namespace vtick::calibration {
namespace {

[[noreturn]] void fail(const char* call) { throw std::runtime_error(std::string(call) + ": " + std::strerror(errno)); }

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) fail("pipe2");
    read_end = fds[0];
    write_end = fds[1];
  }
  ~Pipe() {
    if (read_end >= 0) ::close(read_end);
    close_write();
  }
  void close_write() {
    if (write_end >= 0) ::close(write_end);
    write_end = -1;
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
};

void put(int fd) {
  const char byte = 1;
  while (::write(fd, &byte, 1) != 1) {
    if (errno != EINTR) fail("write(pipe)");
  }
}

/// false at end of file (the other side closed).
bool take(int fd) {
  char byte = 0;
  for (;;) {
    const ssize_t n = ::read(fd, &byte, 1);
    if (n == 1) return true;
    if (n == 0) return false;
    if (errno != EINTR) fail("read(pipe)");
  }
}

/// Host ns per write + read on one's own pipe: the hand-over's pipe work without a switch.
std::int64_t pipe_cost_ns(std::size_t iterations) {
  Pipe self;
  const std::int64_t start = realvm::vmm::host_monotonic_ns();
  for (std::size_t i = 0; i < iterations; ++i) {
    put(self.write_end);
    take(self.read_end);
  }
  return (realvm::vmm::host_monotonic_ns() - start) / static_cast<std::int64_t>(iterations);
}

void ping_pong(const ContextSwitchPlan& plan, ContextSwitchRun& run) {
  Pipe ping, pong;
  std::exception_ptr echo_error;
  // The echo thread inherits this thread's pinning: both share the one CPU.
  std::thread echo([&] {
    try {
      while (take(ping.read_end)) put(pong.write_end);
    } catch (...) {
      echo_error = std::current_exception();
    }
  });
  try {
    for (std::size_t b = 0; b < plan.batches; ++b) {
      const std::int64_t start = realvm::vmm::host_monotonic_ns();
      for (std::size_t i = 0; i < plan.round_trips; ++i) {
        put(ping.write_end);
        if (!take(pong.read_end)) throw std::runtime_error("context switch: the echo thread stopped");
      }
      const std::int64_t elapsed = realvm::vmm::host_monotonic_ns() - start;
      const std::int64_t pipe = pipe_cost_ns(plan.round_trips);
      if (b == 0) continue;  // warm-up
      const std::int64_t raw = elapsed / static_cast<std::int64_t>(2 * plan.round_trips);
      run.raw_ns.push_back(raw);
      run.pipe_ns.push_back(pipe);
      run.per_switch_ns.push_back(raw - pipe);
    }
  } catch (...) {
    ping.close_write();
    echo.join();
    throw;
  }
  ping.close_write();
  echo.join();
  if (echo_error) std::rethrow_exception(echo_error);
}

}  // namespace

ContextSwitchRun measure_context_switch(int cpu, const ContextSwitchPlan& plan) {
  ContextSwitchRun run;
  run.round_trips = plan.round_trips;
  std::exception_ptr error;
  std::thread thread([&] {
    try {
      PinnedTo pinned(cpu);
      ping_pong(plan, run);
    } catch (...) {
      error = std::current_exception();
    }
  });
  thread.join();
  if (error) std::rethrow_exception(error);
  return run;
}

}  // namespace vtick::calibration
