#include "realvm/qemu/output_reader.hpp"

#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "realvm/qemu/trace_line.hpp"
#include "realvm/vmm/host_clock.hpp"
#include "realvm/vmm/vmm_scheduling.hpp"

namespace vtick::realvm::qemu {
namespace {

// How long one poll waits while QEMU runs: bounds how late finish() notices it is asked
// to stop, never how late a trace line is stamped (data wakes the poll at once).
constexpr int kPollTimeoutMs = 50;

}  // namespace

OutputReader::OutputReader(vmm::Fd console, vmm::Fd trace, vmm::Fd stderr_pipe, std::vector<int> vmm_cpus)
    : console_(std::move(console)), trace_(std::move(trace)), stderr_(std::move(stderr_pipe)),
      vmm_cpus_(std::move(vmm_cpus)), thread_([this] { run(); }) {}

OutputReader::~OutputReader() {
  writer_gone_ = true;  // thread_, the last member, is joined first
}

QemuOutput OutputReader::finish() {
  writer_gone_ = true;
  if (thread_.joinable()) {
    thread_.join();
  }
  return std::move(output_);
}

void OutputReader::run() {
  output_.kept_off_vmm_cpus = vmm::keep_current_thread_off(vmm_cpus_);
  std::array<pollfd, 3> fds{{{console_.get(), POLLIN, 0}, {trace_.get(), POLLIN, 0}, {stderr_.get(), POLLIN, 0}}};
  std::array<std::string*, 3> sinks{&output_.console, &partial_trace_line_, &output_.stderr_text};
  std::array<char, 4096> buffer{};
  int open = 3;
  while (open > 0) {
    // Once QEMU is gone everything it wrote is already in the pipes: drain without waiting.
    const bool gone = writer_gone_;
    const int ready = poll(fds.data(), fds.size(), gone ? 0 : kPollTimeoutMs);
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      if (gone) {
        break;
      }
      continue;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      const ssize_t n = read(fds[i].fd, buffer.data(), buffer.size());
      const std::int64_t host_ns = vmm::host_monotonic_ns();  // when these bytes reached us
      if (n <= 0) {
        if (n < 0 && errno == EINTR) {
          continue;
        }
        fds[i].fd = -1;  // EOF (or an error: nothing more will come)
        --open;
        continue;
      }
      sinks[i]->append(buffer.data(), static_cast<std::size_t>(n));
      if (i != 1) {
        continue;
      }
      std::size_t newline;
      while ((newline = partial_trace_line_.find('\n')) != std::string::npos) {
        ++output_.trace_lines;
        if (auto record = parse_trace_line(std::string_view(partial_trace_line_).substr(0, newline), host_ns)) {
          output_.trace.push_back(*record);
        } else {
          ++output_.malformed_lines;
        }
        partial_trace_line_.erase(0, newline + 1);
      }
    }
  }
  if (!partial_trace_line_.empty()) {
    ++output_.malformed_lines;  // QEMU stopped mid-line: a torn record
  }
}

}  // namespace vtick::realvm::qemu
