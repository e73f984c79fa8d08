#include "tools/vtick/compare_command.hpp"

#include <cstdio>
#include <fstream>

#include "build_id.hpp"
#include "protocols/scheme.hpp"
#include "sim/plot.hpp"
#include "sim/join.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario_names.hpp"
#include "sim/scenario_parser.hpp"
#include "tools/vtick/cli_support.hpp"
#include "tools/vtick/progress_line.hpp"

namespace vtick::tools {
namespace {

using nlohmann::ordered_json;

/// The first workload with lateness samples (every kind but busy; cron's one sample is its
/// offset): the one the table and the CDF show.
std::string shown_workload(const sim::Scenario& scenario) {
  for (const auto& w : scenario.guest.workloads) {
    if (w.kind != sim::WorkloadKind::Busy) {
      return w.name;
    }
  }
  return "";
}

/// One scheme's row; the same cells feed the terminal table and compare.md.
std::vector<std::string> row_cells(const std::string& scheme, const ordered_json& s, const std::string& workload) {
  const auto& clock = s["clock"];
  const ordered_json none;
  const auto& lateness = workload.empty() ? none : s["timers"][workload]["lateness_ns"];
  const auto field = [&](const char* key) { return lateness.is_null() ? none : lateness[key]; };
  char drift[32];
  char cpu[32];
  std::snprintf(drift, sizeof drift, "%.1f", clock["drift_ppm"].get<double>());
  std::snprintf(cpu, sizeof cpu, "%.2f%%", 100.0 * s["cost"]["vmm_cpu_share"].get<double>());
  return {scheme,
          drift,
          ms(clock["final_offset_ns"]),
          ms(clock["max_abs_offset_ns"]),
          std::to_string(s["ticks"]["lost"].get<long long>()),
          ms(field("p50")),
          ms(field("p99")),
          ms(field("max")),
          std::to_string(s["cost"]["vm_exits"].get<long long>()),
          cpu};
}

std::vector<std::string> header_cells(const std::string& workload) {
  const std::string w = workload.empty() ? "" : workload + " ";
  return {"scheme", "drift ppm", "final offset", "max |offset|", "ticks lost", w + "p50", w + "p99", w + "max",
          "VM exits", "VMM CPU"};
}

void print_cells(const std::vector<std::string>& cells) {
  std::printf("%-24s", cells[0].c_str());
  for (std::size_t i = 1; i < cells.size(); ++i) std::printf(" %13s", cells[i].c_str());
  std::printf("\n");
}

std::string markdown_row(const std::vector<std::string>& cells) {
  std::string row = "|";
  for (const auto& cell : cells) {
    row += ' ';
    for (char c : cell) row += c == '|' ? std::string("\\|") : std::string(1, c);
    row += " |";
  }
  return row + "\n";
}

std::string describe(const sim::Scenario& scenario) {
  char text[256];
  std::snprintf(text, sizeof text, "%s (%d host CPUs, %zu load entries, HZ=%d, %s/%s, %.0f s)", scenario.name.c_str(),
                scenario.host.cpus, scenario.load.size(), scenario.guest.hz,
                std::string(sim::name_of(scenario.vmm.timer_device)).c_str(),
                std::string(sim::name_of(scenario.vmm.lost_tick_policy)).c_str(),
                static_cast<double>(scenario.run.duration_ns) / 1e9);
  return text;
}

}  // namespace

CompareCommand::CompareCommand(CLI::App& app) {
  command_ = app.add_subcommand("compare", "Run one scenario once per timer scheme and compare them side by side");
  command_->add_option("scenario", scenario_path_, "Scenario YAML file (its guest clocksource is replaced per scheme)")
      ->required();
  command_->add_option("--schemes", schemes_, "Comma-separated schemes (default: all: " +
                                                  sim::join(protocols::comparable_schemes(), ",") + ")")
      ->delimiter(',');
  command_->add_option("--seed", seed_, "Override the scenario's run.seed (the same seed for every scheme)");
  command_->add_option("--out", out_dir_, "Output directory (default: out/compare-<scenario name>)");
  command_->add_flag("--quiet,-q", quiet_, "Print only errors");
  command_->add_flag("--no-plot", no_plot_, "Do not run gnuplot");
  command_->footer(
      "Writes DIR/<scheme>/ (the files of vtick run), DIR/compare.json (every scheme's summary),\n"
      "DIR/compare.md (the table in Markdown), and\n"
      "DIR/compare_offset.{png,svg} and DIR/lateness_cdf.{png,svg}. The scenario's expect: entries are\n"
      "not checked (they describe its own scheme). Exit status: 0 done, 2 bad input, 3 internal error.");
}

int CompareCommand::execute() {
  return exit_code_of([&] {
    const sim::Scenario base = sim::load_scenario_file(scenario_path_);
    const std::vector<std::string> schemes = schemes_.empty() ? protocols::comparable_schemes() : schemes_;
    const std::string out = out_dir_.empty() ? "out/compare-" + base.name : out_dir_;
    const std::string workload = shown_workload(base);
    ordered_json runs = ordered_json::object();
    for (const auto& scheme : schemes) {
      sim::Scenario scenario = base;
      protocols::apply_scheme(scenario, scheme);
      runs[scheme] = nullptr;  // validate every name before the long runs start
    }
    if (!quiet_) {
      std::printf("vtick compare: %s\n", describe(base).c_str());
      print_cells(header_cells(workload));
    }
    std::string markdown = "**" + describe(base) + "**\n\n" + markdown_row(header_cells(workload)) +
                           markdown_row(std::vector<std::string>(header_cells(workload).size(), "---"));
    for (const auto& scheme : schemes) {
      sim::Scenario scenario = base;
      protocols::apply_scheme(scenario, scheme);
      sim::runner::RunOptions options;
      options.seed = seed_;
      options.build_id = kBuildId;
      ProgressLine progress;
      if (!quiet_) options.progress = [&](sim::TimeNs done, sim::TimeNs total) { progress.update(done, total); };
      const auto result = sim::runner::run_scenario(scenario, options);
      progress.finish();
      sim::runner::write_outputs(result, std::filesystem::path(out) / scheme);
      const auto cells = row_cells(scheme, result.summary, workload);
      if (!quiet_) print_cells(cells);
      markdown += markdown_row(cells);
      runs[scheme] = result.summary;
    }
    const ordered_json report = {{"scenario", base.name}, {"file", base.file}, {"schemes", schemes}, {"runs", runs}};
    std::ofstream(std::filesystem::path(out) / "compare.json") << report.dump(2) << '\n';
    std::ofstream(std::filesystem::path(out) / "compare.md") << markdown;
    if (!no_plot_) {
      const auto plot = sim::plot_comparison(out, schemes, workload, base.name);
      if (!quiet_) std::printf("plot: %s\n", plot.message.c_str());
    }
    if (!quiet_) std::printf("output: %s/{compare.json, <scheme>/...}\n", out.c_str());
    return 0;
  });
}

}  // namespace vtick::tools
