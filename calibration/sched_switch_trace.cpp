#include "calibration/sched_switch_trace.hpp"

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace vtick::calibration {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultMount = "/sys/kernel/tracing";
// Per CPU; a 10 s run of a vCPU at 1,000 wake-ups a second fills well under 2 MB.
constexpr const char* kBufferKb = "8192";

/// Where tracefs is mounted, mounting it at /sys/kernel/tracing if it is not.
fs::path tracefs_root() {
  std::ifstream mounts("/proc/mounts");
  std::string device, point, type;
  std::string rest;
  while (mounts >> device >> point >> type && std::getline(mounts, rest)) {
    if (type == "tracefs") return point;
  }
  if (::mount("nodev", kDefaultMount, "tracefs", 0, nullptr) != 0) {
    throw TracefsUnavailable(std::string("tracefs is not mounted and mounting it at ") + kDefaultMount +
                             " failed: " + std::strerror(errno));
  }
  return kDefaultMount;
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.flush();
  if (!out) throw TracefsUnavailable("cannot write '" + text + "' to " + path.string());
}

}  // namespace

SchedSwitchTrace::SchedSwitchTrace(const std::vector<std::string>& comms, const std::string& woken_comm)
    : wakings_(!woken_comm.empty()) {
  const fs::path root = tracefs_root();
  const auto require = [&root](const std::string& event) {
    if (!fs::exists(root / "events/sched" / event)) {
      throw TracefsUnavailable("this kernel's tracefs at " + root.string() + " has no sched:" + event + " event");
    }
  };
  require("sched_switch");
  if (wakings_) require("sched_waking");
  instance_ = root / "instances" / ("vtick-" + std::to_string(::getpid()));
  std::error_code error;
  if (!fs::create_directory(instance_, error)) {
    throw TracefsUnavailable("cannot create the trace instance " + instance_.string() + ": " +
                             (error ? error.message() : "it exists"));
  }
  try {
    const fs::path event = instance_ / "events/sched/sched_switch";
    write_file(instance_ / "trace_clock", "mono");
    write_file(instance_ / "buffer_size_kb", kBufferKb);
    std::string filter;
    for (const std::string& comm : comms) {
      filter += (filter.empty() ? "" : " || ") + ("prev_comm == \"" + comm + "\" || next_comm == \"" + comm + "\"");
    }
    write_file(event / "filter", filter);
    write_file(event / "enable", "1");
    if (wakings_) {
      const fs::path waking = instance_ / "events/sched/sched_waking";
      write_file(waking / "filter", "comm == \"" + woken_comm + "\"");
      write_file(waking / "enable", "1");
    }
    write_file(instance_ / "tracing_on", "1");
  } catch (...) {
    fs::remove(instance_, error);
    throw;
  }
}

SchedSwitchTrace::~SchedSwitchTrace() {
  std::error_code error;
  std::ofstream(instance_ / "tracing_on") << "0";
  std::ofstream(instance_ / "events/sched/sched_switch/enable") << "0";
  if (wakings_) std::ofstream(instance_ / "events/sched/sched_waking/enable") << "0";
  fs::remove(instance_, error);  // a trace instance is removed with rmdir
}

SchedEvents SchedSwitchTrace::finish() {
  write_file(instance_ / "tracing_on", "0");
  for (int cpu = 0; fs::exists(instance_ / "per_cpu" / ("cpu" + std::to_string(cpu))); ++cpu) {
    std::ifstream in(instance_ / "per_cpu" / ("cpu" + std::to_string(cpu)) / "stats");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("overrun: ", 0) == 0 && line != "overrun: 0") {
        throw std::runtime_error("the scheduler trace lost events on CPU " + std::to_string(cpu) + " (" + line + ")");
      }
    }
  }
  std::ifstream trace(instance_ / "trace");
  SchedEvents events;
  std::string line;
  while (std::getline(trace, line)) {
    if (auto e = parse_sched_switch(line)) {
      events.switches.push_back(std::move(*e));
    } else if (auto w = parse_sched_waking(line)) {
      w->after_switches = events.switches.size();
      events.wakings.push_back(std::move(*w));
    }
  }
  return events;
}

}  // namespace vtick::calibration
