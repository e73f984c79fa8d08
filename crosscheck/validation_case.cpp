#include "crosscheck/validation_case.hpp"

#include <algorithm>

#include "sim/scenario_names.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::crosscheck {
namespace {

std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// QEMU's PIT discards: a late callback replays the missed transitions back to back and the
// i8259 latches one edge of them (docs/validation.md). tcp_rto needs our VMM's network peer.
bool qemu_runs_it(const std::filesystem::path& scenario) {
  const sim::Scenario s = sim::load_scenario_file(scenario.string());
  const bool needs_our_vmm = std::any_of(s.guest.workloads.begin(), s.guest.workloads.end(),
                                         [](const auto& w) { return w.kind == sim::WorkloadKind::TcpRto; });
  return s.vmm.timer_device == sim::TimerDevice::Pit && s.vmm.lost_tick_policy == sim::LostTickPolicyKind::Discard &&
         s.guest.clocksource == sim::Clocksource::Jiffies && s.guest.timers == sim::GuestTimers::Tick && !needs_our_vmm;
}

}  // namespace

const char* engine_name(RealEngine engine) {
  switch (engine) {
    case RealEngine::Kvm: return "kvm";
    case RealEngine::Qemu: return "qemu";
    case RealEngine::Linux: return "linux";
  }
  return "?";
}

std::vector<std::string> recording_arguments(const ValidationCase& c, const std::filesystem::path& trace_dir) {
  std::vector<std::string> args = {"realvm"};
  switch (c.engine) {
    case RealEngine::Kvm: args.push_back("run"); break;
    case RealEngine::Qemu: args.push_back("qemu"); break;
    case RealEngine::Linux: args.push_back("linux"); break;
  }
  args.insert(args.end(), {c.scenario.string(), "--quiet", "--out", trace_dir.string()});
  return args;
}

std::vector<ValidationCase> validation_cases(const std::filesystem::path& source_dir) {
  std::vector<ValidationCase> cases;
  const auto add = [&](const std::filesystem::path& file, RealEngine engine) {
    cases.push_back({std::string(engine_name(engine)) + "/" + file.stem().string(), file, engine});
  };
  const auto realvm = yaml_files(source_dir / "scenarios" / "realvm");
  for (const auto& file : realvm) add(file, RealEngine::Kvm);
  for (const auto& file : realvm) {
    if (qemu_runs_it(file)) add(file, RealEngine::Qemu);
  }
  for (const auto& file : yaml_files(source_dir / "scenarios" / "linux")) add(file, RealEngine::Linux);
  return cases;
}

}  // namespace vtick::crosscheck
