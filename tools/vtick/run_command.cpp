#include "tools/vtick/run_command.hpp"

#include <cstdio>
#include <iostream>

#include "build_id.hpp"
#include "sim/plot.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario_parser.hpp"
#include "tools/vtick/cli_support.hpp"
#include "tools/vtick/expectation_report.hpp"
#include "tools/vtick/progress_line.hpp"

namespace vtick::tools {
namespace {

using nlohmann::ordered_json;

/// One line per workload: its lateness, plus what its kind counts.
void print_workload(const std::string& name, const ordered_json& t) {
  if (t.contains("due_ns")) {
    std::printf("  timer   %s: cron job %s\n", name.c_str(),
                t["ran"].get<bool>() ? ("ran " + ms(t["offset_ns"]) + " after its due time").c_str() : "did not run");
    return;
  }
  const auto& l = t["lateness_ns"];
  std::string extra;
  if (t.contains("missed_frames")) extra = ", missed frames " + std::to_string(t["missed_frames"].get<long long>());
  if (t.contains("retransmits")) {
    extra = ", retransmits " + std::to_string(t["retransmits"].get<long long>()) + " (spurious " +
            std::to_string(t["spurious_retransmits"].get<long long>()) + ")";
  }
  std::printf("  timer   %s: %lld expiries, lateness p50 %s, p99 %s, max %s, early %lld%s\n", name.c_str(),
              t["count"].get<long long>(), ms(l["p50"]).c_str(), ms(l["p99"]).c_str(), ms(l["max"]).c_str(),
              t["early"].get<long long>(), extra.c_str());
}

void print_table(const ordered_json& s, const std::string& out_dir) {
  const auto& clock = s["clock"];
  const auto& ticks = s["ticks"];
  std::printf("vtick run: %s  (%s: %s, %s, HZ=%d)  seed %llu\n", s["scenario"].get<std::string>().c_str(),
              s["scheme"].get<std::string>().c_str(), s["timer_device"].get<std::string>().c_str(), s["lost_tick_policy"].get<std::string>().c_str(),
              s["hz"].get<int>(), static_cast<unsigned long long>(s["seed"].get<std::uint64_t>()));
  std::printf("  simulated %.1f s in %.2f s wall, %llu events (%s)\n", s["duration_ns"].get<double>() / 1e9,
              s["sim"]["wall_ns"].get<double>() / 1e9, static_cast<unsigned long long>(s["sim"]["events"].get<std::uint64_t>()),
              s["sim"]["engine"].get<std::string>().c_str());
  std::printf("  clock   drift %.1f ppm, final offset %s, max |offset| %s\n", clock["drift_ppm"].get<double>(),
              ms(clock["final_offset_ns"]).c_str(), ms(clock["max_abs_offset_ns"]).c_str());
  std::printf("  ticks   expected %lld, delivered %lld, lost %lld, reinjected %lld, backlog max %lld\n",
              ticks["expected"].get<long long>(), ticks["delivered"].get<long long>(), ticks["lost"].get<long long>(),
              ticks["reinjected"].get<long long>(), ticks["backlog_max"].get<long long>());
  for (const auto& [name, t] : s["timers"].items()) print_workload(name, t);
  std::printf("  cost    %lld VM exits, VMM CPU %s (%.2f%% of one CPU)\n", s["cost"]["vm_exits"].get<long long>(),
              ms(s["cost"]["vmm_cpu_ns"]).c_str(), 100.0 * s["cost"]["vmm_cpu_share"].get<double>());
  std::printf("  output  %s/{summary.json, series.csv, trace.json}\n", out_dir.c_str());
}

}  // namespace

RunCommand::RunCommand(CLI::App& app) {
  command_ = app.add_subcommand("run", "Simulate one scenario file and write summary.json, series.csv, trace.json");
  command_->add_option("scenario", scenario_path_, "Scenario YAML file (see docs/scenarios.md)")->required();
  command_->add_option("--seed", seed_, "Override the scenario's run.seed");
  command_->add_option("--out", out_dir_, "Output directory (default: out/<scenario name>)");
  command_->add_option("--engine", engine_, "Simulation engine: systemc (default) or direct (a plain event loop, same results)")
      ->check(CLI::IsMember({"systemc", "direct"}));
  command_->add_flag("--quiet,-q", quiet_, "Print nothing but errors and failed expectations");
  command_->add_flag("--no-plot", no_plot_, "Do not run gnuplot for offset.png/offset.svg");
  command_->footer(
      "Exit status: 0 all expectations met, 1 an expectation failed, 2 bad input, 3 internal error.\n"
      "Same scenario + seed + build => byte-identical series.csv and trace.json "
      "(summary.json differs only in sim.wall_ns).");
}

int RunCommand::execute() {
  return exit_code_of([&] {
    const sim::Scenario scenario = sim::load_scenario_file(scenario_path_);
    sim::runner::RunOptions options;
    options.engine = engine_ == "direct" ? sim::EngineKind::Direct : sim::EngineKind::SystemC;
    options.seed = seed_;
    options.build_id = kBuildId;
    ProgressLine progress;
    if (!quiet_) options.progress = [&](sim::TimeNs done, sim::TimeNs total) { progress.update(done, total); };
    const auto result = sim::runner::run_scenario(scenario, options);
    progress.finish();

    const std::string out = out_dir_.empty() ? "out/" + scenario.name : out_dir_;
    sim::runner::write_outputs(result, out);
    if (!quiet_) print_table(result.summary, out);
    if (!no_plot_) {
      const auto plot = sim::plot_offset(std::filesystem::path(out) / "series.csv", out, scenario.name);
      if (!quiet_) std::printf("  plot    %s\n", plot.ok ? (out + "/offset.png, offset.svg").c_str() : plot.message.c_str());
    }
    const std::string replay =
        "vtick run " + scenario.file + " --seed " + std::to_string(result.summary["seed"].get<std::uint64_t>());
    return report_expectations(scenario, result.summary, replay, quiet_) ? 0 : 1;
  });
}

}  // namespace vtick::tools
