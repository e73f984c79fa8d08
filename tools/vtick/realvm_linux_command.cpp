#include "tools/vtick/realvm_linux_command.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "build_id.hpp"
#include "realvm/linux/kernel_cache.hpp"
#include "realvm/linux/run_scenario.hpp"
#include "realvm/protocol.h"
#include "realvm/qemu/error.hpp"
#include "sim/scenario_parser.hpp"
#include "tools/vtick/cli_support.hpp"
#include "tools/vtick/expectation_report.hpp"

namespace vtick::tools {
namespace {

namespace lg = realvm::linux_guest;
using nlohmann::ordered_json;

/// Exit status when this host cannot boot the Linux guest (no QEMU, no kernel, no
/// initramfs): as `vtick realvm run` without KVM, so test drivers skip on it.
constexpr int kExitCannotRun = 4;

void print_table(const ordered_json& s, const std::string& out_dir) {
  const auto& realvm = s["realvm"];
  const auto& timer = s["timers"].front();
  std::printf("vtick realvm linux: %s  (Linux %s under QEMU TCG, HZ=%d, clocksource %s)  seed %llu\n",
              s["scenario"].get<std::string>().c_str(), realvm["kernel"].get<std::string>().c_str(), s["hz"].get<int>(),
              realvm["clocksource_used"].is_null() ? "unknown" : realvm["clocksource_used"].get<std::string>().c_str(),
              s["seed"].get<unsigned long long>());
  std::printf("  booted  %s   ran %.2f s host time, ended by %s\n", ms(realvm["boot_ns"]).c_str(),
              realvm["wall_ns"].get<double>() / 1e9, realvm["exit_reason"].get<std::string>().c_str());
  std::printf("  clock   final offset %s   max |offset| %s\n", ms(s["clock"]["final_offset_ns"]).c_str(),
              ms(s["clock"]["max_abs_offset_ns"]).c_str());
  std::printf("  timer   %s expiries, lateness p50 %s  p99 %s  max %s\n", timer["count"].dump().c_str(),
              ms(timer["lateness_ns"]["p50"]).c_str(), ms(timer["lateness_ns"]["p99"]).c_str(), ms(timer["lateness_ns"]["max"]).c_str());
  std::printf("  outputs %s/{summary.json,series.csv,trace.json}\n", out_dir.c_str());
}

void log_line(const std::string& line) { std::cerr << "vtick: " << line << '\n'; }

}  // namespace

RealvmLinuxCommand::RealvmLinuxCommand(CLI::App& realvm) {
  linux_ = realvm.add_subcommand(
      "linux", "Run one scenario's clock samples and periodic timer on Debian's Linux kernel under QEMU (TCG)");
  linux_->add_option("scenario", scenario_path_, "Scenario YAML file (see docs/scenarios.md)");
  linux_->add_option("--seed", seed_, "Override the scenario's run.seed (recorded only)");
  linux_->add_option("--out", out_dir_, "Output directory (default: out/realvm-linux/<scenario name>)");
  linux_->add_option("--kernel", kernel_,
                     "Kernel image with its config beside it (default: Debian's linux-image from the cache, "
                     "downloaded on first use)");
  linux_->add_option("--clocksource", clocksource_, "Kernel clocksource instead of guest.clocksource")
      ->check(CLI::IsMember(lg::known_clocksources()));
  linux_->add_flag("--fetch-kernel", fetch_only_,
                   "Only make sure the kernel is in the cache (" + lg::kernel_cache_dir().string() + "), downloading it");
  linux_->add_flag("--quiet,-q", quiet_, "Print nothing but errors and failed expectations");
  linux_->footer(
      "Exit status: 0 all expectations met, 1 an expectation failed, 2 bad input, 3 internal error or a guest "
      "that did not finish, 4 this host cannot boot the Linux guest (no QEMU, no kernel and no way to download "
      "it, no initramfs).");
}

int RealvmLinuxCommand::execute() {
  return exit_code_of([&] {
    try {
      return run();
    } catch (const lg::KernelUnavailable& e) {
      std::cerr << "vtick: no Linux kernel: " << e.what() << '\n';
      return kExitCannotRun;
    } catch (const realvm::qemu::QemuUnavailable& e) {
      std::cerr << "vtick: " << e.what() << '\n';
      return kExitCannotRun;
    }
  });
}

int RealvmLinuxCommand::run() {
  const auto kernel = [&] { return kernel_.empty() ? lg::ensure_kernel(lg::kernel_cache_dir(), log_line) : lg::kernel_at(kernel_); };
  if (fetch_only_) {
    const lg::LinuxKernel fetched = kernel();
    if (!quiet_) std::printf("%s (HZ=%d)\n", fetched.vmlinuz.c_str(), fetched.hz);
    return 0;
  }
  if (scenario_path_.empty()) throw std::invalid_argument("realvm linux: a scenario file is needed (or --fetch-kernel)");
  const sim::Scenario scenario = sim::load_scenario_file(scenario_path_);
  const std::filesystem::path initramfs = VTICK_LINUX_INITRAMFS;
  if (!std::filesystem::is_regular_file(initramfs)) {
    std::cerr << "vtick: " << initramfs.string() << " not built (install busybox-static and rebuild)\n";
    return kExitCannotRun;
  }
  lg::LinuxRunOptions options;
  options.mapping.kernel = kernel();
  options.mapping.initramfs = initramfs;
  options.mapping.clocksource = clocksource_;
  options.mapping.seed = seed_;
  options.build_id = kBuildId;
  const lg::LinuxRealRun result = lg::run_scenario(scenario, options);

  const std::string out = out_dir_.empty() ? "out/realvm-linux/" + scenario.name : out_dir_;
  sim::runner::write_outputs(result.outputs, out);
  if (!quiet_) print_table(result.outputs.summary, out);
  if (result.vm.reason != realvm::vmm::ExitReason::guest_exit || result.vm.guest_exit_code != VTICK_EXIT_OK) {
    std::cerr << "vtick: the Linux guest did not finish its run: " << realvm::vmm::describe(result.vm) << '\n';
    return kExitInternal;
  }
  std::string replay = "vtick realvm linux " + scenario.file + " --seed " + std::to_string(result.mapped.seed);
  if (clocksource_) replay += " --clocksource " + *clocksource_;
  return report_expectations(scenario, result.outputs.summary, replay, quiet_) ? 0 : 1;
}

}  // namespace vtick::tools
