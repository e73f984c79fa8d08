#include "tools/vtick/realvm_command.hpp"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "build_id.hpp"
#include "realvm/protocol.h"
#include "realvm/qemu/error.hpp"
#include "realvm/runner/run.hpp"
#include "realvm/vmm/error.hpp"
#include "sim/scenario_parser.hpp"
#include "tools/vtick/cli_support.hpp"
#include "tools/vtick/expectation_report.hpp"
#include "tools/vtick/progress_line.hpp"

namespace vtick::tools {
namespace {

using nlohmann::ordered_json;

// Set by SIGINT/SIGTERM; run_vm() polls it (a lock-free atomic store is async-signal-safe).
std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int) { stop_requested.store(true); }

/// SIGINT and SIGTERM end the run cleanly (VM stopped, load killed, outputs written) while
/// this object lives; the previous handlers come back afterwards.
class StopOnSignals {
 public:
  StopOnSignals() {
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~StopOnSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

/// A count that may be null (not measured by this scheme).
std::string count(const ordered_json& value) {
  return value.is_null() ? "n/a" : std::to_string(value.get<long long>());
}

void print_table(const ordered_json& s, const std::string& out_dir) {
  const auto& clock = s["clock"];
  const auto& ticks = s["ticks"];
  const auto& realvm = s["realvm"];
  std::printf("vtick realvm: %s  (%s on %s: %s, %s, clock %s, HZ=%d)  seed %llu\n", s["scenario"].get<std::string>().c_str(),
              s["scheme"].get<std::string>().c_str(), realvm["engine"].get<std::string>().c_str(),
              s["scheme_details"]["vmm_scheme"].get<std::string>().c_str(),
              s["lost_tick_policy"].get<std::string>().c_str(), s["scheme_details"]["clock"].get<std::string>().c_str(),
              s["hz"].get<int>(), static_cast<unsigned long long>(s["seed"].get<std::uint64_t>()));
  std::printf("  ran     %.2f s host time, ended by %s\n", realvm["wall_ns"].get<double>() / 1e9,
              realvm["exit_reason"].get<std::string>().c_str());
  char drift[32] = "n/a";
  if (!clock["drift_ppm"].is_null()) std::snprintf(drift, sizeof drift, "%.1f", clock["drift_ppm"].get<double>());
  std::printf("  clock   drift %s ppm, final offset %s, max |offset| %s\n", drift,
              ms(clock["final_offset_ns"]).c_str(), ms(clock["max_abs_offset_ns"]).c_str());
  std::printf("  ticks   expected %s, delivered %s, lost %s, backlog max %s\n", count(ticks["expected"]).c_str(),
              count(ticks["delivered"]).c_str(), count(ticks["lost"]).c_str(), count(ticks["backlog_max"]).c_str());
  for (const auto& [name, t] : s["timers"].items()) {
    const auto& l = t["lateness_ns"];
    std::printf("  timer   %s: %lld expiries, lateness p50 %s, p99 %s, max %s, early %lld\n", name.c_str(),
                t["count"].get<long long>(), ms(l["p50"]).c_str(), ms(l["p99"]).c_str(), ms(l["max"]).c_str(),
                t["early"].get<long long>());
  }
  std::printf("  cost    VMM CPU %s (%.2f%% of one CPU)\n", ms(s["cost"]["vmm_cpu_ns"]).c_str(),
              100.0 * s["cost"]["vmm_cpu_share"].get<double>());
  for (const auto& [name, t] : s["host"]["tasks"].items()) {
    std::printf("  load    %s: CPU %s (%.1f%% of one CPU)\n", name.c_str(), ms(t["cpu_ns"]).c_str(), 100.0 * t["cpu_share"].get<double>());
  }
  std::printf("  output  %s/{summary.json, series.csv, trace.json}\n", out_dir.c_str());
}

std::filesystem::path default_guest_image() { return VTICK_GUEST_IMAGE; }

}  // namespace

RealvmCommand::RealvmCommand(CLI::App& app) {
  CLI::App* realvm = app.add_subcommand("realvm", "Run scenarios on a real KVM virtual machine or QEMU (docs/realvm.md)");
  realvm->require_subcommand(1);
  run_ = realvm->add_subcommand(
      "run", "Run one scenario on /dev/kvm under real host load and write summary.json, series.csv, trace.json");
  qemu_ = realvm->add_subcommand(
      "qemu", "Run one scenario's guest under qemu-system-x86_64 (TCG unless --enable-kvm) under real host load, with "
              "the same outputs as `realvm run`");
  for (CLI::App* command : {run_, qemu_}) {
    command->add_option("scenario", scenario_path_, "Scenario YAML file (see docs/scenarios.md)")->required();
    command->add_option("--seed", seed_, "Override the scenario's run.seed");
    command->add_option("--out", out_dir_, "Output directory (default: out/realvm/<scenario name>)");
    command->add_option("--guest", guest_image_, "Guest kernel image (default: the vtick_guest.elf of this build)");
    command->add_flag("--quiet,-q", quiet_, "Print nothing but errors and failed expectations");
  }
  run_->add_flag("--kernel-pit", kernel_pit_,
                 "Use KVM's in-kernel PIT (reinjection on for lost_tick_policy delay, off for discard) "
                 "instead of the VMM's user-space PIT thread");
  run_->add_flag("--vmm-pvclock", vmm_pvclock_,
                 "For clocksource pvclock, a pvclock page the VMM rewrites every vmm.pvclock_update_interval "
                 "instead of KVM's kvmclock");
  qemu_->add_option("--qemu", qemu_binary_, "QEMU binary, a path or a name on PATH (default: qemu-system-x86_64)");
  qemu_->add_flag("--enable-kvm", enable_kvm_,
                  "Run QEMU on /dev/kvm (its PIT is then KVM's, reinjecting: lost_tick_policy delay) instead of TCG "
                  "(its PIT discards); needed for clocksource pvclock");
  run_->footer(
      "Exit status: 0 all expectations met, 1 an expectation failed, 2 bad input (including a scenario field the "
      "real VM does not support), 3 internal error or a guest that did not finish, 4 no usable /dev/kvm, "
      "130 stopped by SIGINT/SIGTERM (outputs are still written).");
  qemu_->footer(
      "Exit status: 0 all expectations met, 1 an expectation failed, 2 bad input (including a scenario field QEMU "
      "cannot run: outsourced timers, pvclock under TCG, a lost-tick policy its PIT does not have), 3 internal error "
      "or a guest that did not finish, 4 QEMU not found, 130 stopped by SIGINT/SIGTERM (outputs are still written).");
}

int RealvmCommand::execute() {
  return exit_code_of([&] {
    try {
      return run();
    } catch (const realvm::vmm::KvmUnavailable& e) {
      std::cerr << "vtick: this host cannot run a real VM: " << e.what() << '\n';
      return kExitNoKvm;
    } catch (const realvm::qemu::QemuUnavailable& e) {
      std::cerr << "vtick: this host cannot run QEMU: " << e.what() << '\n';
      return kExitNoKvm;
    }
  });
}

int RealvmCommand::run() {
  const sim::Scenario scenario = sim::load_scenario_file(scenario_path_);
  realvm::runner::RunOptions options;
  options.mapping.guest_image = guest_image_.empty() ? default_guest_image() : std::filesystem::path(guest_image_);
  options.mapping.kernel_pit = kernel_pit_;
  options.mapping.vmm_pvclock = vmm_pvclock_;
  options.mapping.seed = seed_;
  if (qemu_->parsed()) {
    options.mapping.engine = enable_kvm_ ? realvm::runner::Engine::qemu_kvm : realvm::runner::Engine::qemu_tcg;
    options.qemu_binary = qemu_binary_;
  }
  options.build_id = kBuildId;
  options.stop_request = &stop_requested;
  if (!std::filesystem::is_regular_file(options.mapping.guest_image)) {
    throw std::invalid_argument("guest image " + options.mapping.guest_image.string() +
                                " not found (build the vtick_guest target or pass --guest PATH)");
  }
  ProgressLine progress("ran");
  if (!quiet_) options.progress = [&](sim::TimeNs done, sim::TimeNs total) { progress.update(done, total); };

  realvm::runner::RealRun result = [&] {
    StopOnSignals signals;
    try {
      return realvm::runner::run_scenario(scenario, options);
    } catch (const realvm::vmm::BadGuestImage& e) {
      throw std::invalid_argument(e.what());
    }
  }();
  progress.finish();

  const std::string out = out_dir_.empty() ? "out/realvm/" + scenario.name : out_dir_;
  sim::runner::write_outputs(result.outputs, out);
  if (!quiet_) print_table(result.outputs.summary, out);
  if (result.vm.reason == realvm::vmm::ExitReason::stopped) {
    std::cerr << "vtick: stopped by a signal; partial outputs in " << out << '\n';
    return kExitInterrupted;
  }
  if (result.vm.reason != realvm::vmm::ExitReason::guest_exit || result.vm.guest_exit_code != VTICK_EXIT_OK) {
    std::cerr << "vtick: the guest did not finish its run: " << realvm::vmm::describe(result.vm) << '\n';
    return kExitInternal;
  }
  return report_expectations(scenario, result.outputs.summary,
                             replay(scenario.file, result.outputs.summary["seed"].get<std::uint64_t>()), quiet_)
             ? 0
             : 1;
}

std::string RealvmCommand::replay(const std::string& file, std::uint64_t seed) const {
  std::string line = std::string("vtick realvm ") + (qemu_->parsed() ? "qemu " : "run ") + file + " --seed " + std::to_string(seed);
  if (kernel_pit_) line += " --kernel-pit";
  if (vmm_pvclock_) line += " --vmm-pvclock";
  if (enable_kvm_) line += " --enable-kvm";
  if (!qemu_binary_.empty()) line += " --qemu " + qemu_binary_;
  return line;
}

}  // namespace vtick::tools
