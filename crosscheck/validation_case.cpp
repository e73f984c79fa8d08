#include "crosscheck/validation_case.hpp"

#include <algorithm>

#include "realvm/runner/scenario_mapping.hpp"
#include "sim/scenario_error.hpp"
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

// What `vtick realvm qemu` would refuse (realvm/runner/qemu_limits.cpp, one place for QEMU's
// rules: its PIT discards, it has no kvmclock under TCG, tcp_rto needs our VMM's peer). The
// guest image is only checked for being named, never read, while mapping.
bool qemu_runs_it(const std::filesystem::path& scenario) {
  realvm::runner::MappingOptions options;
  options.guest_image = "guest";
  options.engine = realvm::runner::Engine::qemu_tcg;
  try {
    (void)realvm::runner::map_scenario(sim::load_scenario_file(scenario.string()), options);
    return true;
  } catch (const sim::ScenarioError&) {
    return false;
  }
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
