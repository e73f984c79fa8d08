#include "tools/vtick/sweep_command.hpp"

#include <cstdio>
#include <fstream>

#include "build_id.hpp"
#include "protocols/scheme.hpp"
#include "sim/expectations.hpp"
#include "sim/join.hpp"
#include "sim/plot.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario_override.hpp"
#include "sim/scenario_parser.hpp"
#include "tools/vtick/cli_support.hpp"

namespace vtick::tools {
namespace {

using nlohmann::ordered_json;

constexpr const char* kHeader =
    "parameter,value,scheme,drift_ppm,final_offset_ns,max_abs_offset_ns,ticks_lost,lateness_p50_ns,"
    "lateness_p99_ns,lateness_max_ns,vm_exits,vmm_cpu_share\n";

std::string cell(const ordered_json& v) {
  if (v.is_null()) return "";
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  return sim::format_number(v.get<double>());
}

/// The first workload with lateness samples, as in `vtick compare`.
ordered_json lateness_of(const ordered_json& summary) {
  for (const auto& [name, t] : summary["timers"].items()) {
    if (t.contains("lateness_ns")) return t["lateness_ns"];
  }
  return ordered_json{{"p50", nullptr}, {"p99", nullptr}, {"max", nullptr}};
}

std::string csv_row(const std::string& parameter, double value, const std::string& scheme, const ordered_json& s) {
  const auto lateness = lateness_of(s);
  return parameter + "," + sim::format_number(value) + "," + scheme + "," + cell(s["clock"]["drift_ppm"]) + "," +
         cell(s["clock"]["final_offset_ns"]) + "," + cell(s["clock"]["max_abs_offset_ns"]) + "," +
         cell(s["ticks"]["lost"]) + "," + cell(lateness["p50"]) + "," + cell(lateness["p99"]) + "," +
         cell(lateness["max"]) + "," + cell(s["cost"]["vm_exits"]) + "," + cell(s["cost"]["vmm_cpu_share"]) + "\n";
}

void show_progress(std::size_t done, std::size_t total, const std::string& what) {
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = total == 0 ? kWidth : done * kWidth / total;
  std::fprintf(stderr, "\r[%s%s] %zu/%zu %-40s", std::string(filled, '#').c_str(),
               std::string(kWidth - filled, '-').c_str(), done, total, what.c_str());
  if (done == total) std::fprintf(stderr, "\n");
}

}  // namespace

SweepCommand::SweepCommand(CLI::App& app) {
  command_ = app.add_subcommand("sweep", "Run a scenario over a range of one parameter, per scheme; CSV and plot");
  command_->add_option("scenario", scenario_path_, "Scenario YAML file")->required();
  command_->add_option("--param", parameter_, "Parameter to vary: " + sim::join(sim::sweepable_parameters(), ", "))
      ->required();
  command_->add_option("--values", values_, "Comma-separated values in scenario syntax (e.g. 0,1,2,4 or 10ms,100ms,1s)")
      ->required()
      ->delimiter(',');
  command_->add_option("--schemes", schemes_, "Comma-separated schemes (default: the scenario's own)")->delimiter(',');
  command_->add_option("--out", out_dir_, "Output directory (default: out/sweep-<scenario name>)");
  command_->add_flag("--quiet,-q", quiet_, "No progress bar");
  command_->add_flag("--no-plot", no_plot_, "Do not run gnuplot");
  command_->footer("Writes DIR/sweep.csv and DIR/sweep.{png,svg}. Exit status: 0 done, 2 bad input, 3 internal error.");
}

int SweepCommand::execute() {
  return exit_code_of([&] {
    const sim::Scenario base = sim::load_scenario_file(scenario_path_);
    const std::vector<std::string> schemes = schemes_.empty() ? std::vector{protocols::scheme_name(base)} : schemes_;
    // Scheme-major, so each scheme's rows are contiguous and its plotted line unbroken.
    std::vector<std::pair<sim::Scenario, double>> points;  // all checked before the first long run
    for (const auto& scheme : schemes) {
      for (const auto& value : values_) {
        sim::Scenario s = base;
        protocols::apply_scheme(s, scheme);
        const double x = sim::override_parameter(s, parameter_, value);
        points.emplace_back(std::move(s), x);
      }
    }
    const std::filesystem::path out = out_dir_.empty() ? "out/sweep-" + base.name : out_dir_;
    std::filesystem::create_directories(out);
    std::string csv = kHeader;
    for (std::size_t i = 0; i < points.size(); ++i) {
      const std::string& scheme = schemes[i / values_.size()];
      const std::string what = parameter_ + "=" + values_[i % values_.size()] + " " + scheme;
      if (!quiet_) show_progress(i, points.size(), what);
      sim::runner::RunOptions options;
      options.build_id = kBuildId;
      const auto result = sim::runner::run_scenario(points[i].first, options);
      csv += csv_row(parameter_, points[i].second, scheme, result.summary);
    }
    if (!quiet_) show_progress(points.size(), points.size(), "done");
    std::ofstream(out / "sweep.csv") << csv;
    if (!no_plot_) {
      const auto plot = sim::plot_sweep(out / "sweep.csv", out, schemes, parameter_, base.name);
      if (!quiet_) std::printf("plot: %s\n", plot.message.c_str());
    }
    if (!quiet_) std::printf("output: %s/sweep.csv\n", out.string().c_str());
    return 0;
  });
}

}  // namespace vtick::tools
