#include "tools/vtick/crosscheck_command.hpp"

#include <cmath>
#include <cstdio>

#include "crosscheck/crosscheck_run.hpp"
#include "crosscheck/report.hpp"
#include "sim/scenario_parser.hpp"
#include "tools/vtick/cli_support.hpp"

namespace vtick::tools {
namespace {

constexpr int kExitDiverges = 1;

void print_runs_metrics(const crosscheck::Verdict& v) {
  using crosscheck::format_value;
  for (std::size_t r = 0; r < v.runs.size(); ++r) std::printf("  run %-4zu %s\n", r + 1, v.runs[r].c_str());
  for (const auto& m : v.runs_metrics) {
    std::string runs;
    for (double x : m.measured) runs += (runs.empty() ? "" : ", ") + format_value(x, m.unit);
    char test[48] = "";
    if (m.ks) std::snprintf(test, sizeof test, ", KS D %.3f p %.3g", m.ks->statistic, m.ks->p_value);
    std::printf("  %-28s runs %s  band [%s .. %s] (per-run level %.2g, family %.2g)%s  %s\n", m.name.c_str(),
                runs.c_str(), format_value(m.band_lo, m.unit).c_str(), format_value(m.band_hi, m.unit).c_str(),
                m.per_run_level, m.family_level,
                test, m.conforms ? "CONFORMS" : "DIVERGES");
  }
}

void print_verdict(const crosscheck::Verdict& v, const std::string& out) {
  using crosscheck::format_value;
  const bool several = v.runs.size() > 1;
  if (several) {
    std::printf("vtick crosscheck: %s, %zu measured runs against %d simulated seeds\n", v.scenario.c_str(), v.runs.size(),
                v.seeds);
    print_runs_metrics(v);
  } else {
    std::printf("vtick crosscheck: %s against %d simulated seeds\n", v.scenario.c_str(), v.seeds);
  }
  for (const auto& m : v.metrics) {
    std::printf("  %-28s measured %-14s predicted %s ± %s  allowed ±%s  %s\n", m.name.c_str(),
                format_value(m.measured, m.unit).c_str(), format_value(m.mean, m.unit).c_str(),
                format_value(m.sd, m.unit).c_str(), format_value(m.allowed, m.unit).c_str(),
                m.conforms ? "CONFORMS" : "DIVERGES");
  }
  for (const auto& k : v.ks) {
    if (several) std::printf("  run %zu", k.run + 1);
    std::printf("  %-28s KS D %.4f, n %zu vs %zu (thinned), p %.3g, alpha %g  %s\n", (k.workload + ".lateness").c_str(),
                k.ks.statistic, k.ks.n_a, k.ks.n_b, k.ks.p_value, k.alpha, k.conforms ? "CONFORMS" : "DIVERGES");
  }
  for (const auto& note : v.notes) std::printf("  note    %s\n", note.c_str());
  if (several) {
    for (const auto& line : crosscheck::divergences(v)) std::printf("  diverges  %s\n", line.c_str());
  }
  std::printf("  verdict %s\n  report  %s/crosscheck.md\n", v.conforms() ? "CONFORMS" : "DIVERGES", out.c_str());
}

}  // namespace

CrosscheckCommand::CrosscheckCommand(CLI::App& app) {
  command_ = app.add_subcommand("crosscheck", "Judge recorded traces against the simulator's prediction for their scenario");
  command_->add_option("scenario", scenario_path_, "Scenario YAML file the traces were recorded for")->required();
  command_->add_option("trace_dirs", trace_dirs_,
                       "Directories with summary.json, series.csv, lateness-<workload>.csv; several: runs of one case")
      ->required();
  command_->add_option("--out", out_dir_, "Report directory (default: out/crosscheck-<scenario name>)");
  command_->add_option("--seeds", seeds_, "Simulated seeds 1..N (default: crosscheck.seeds, else 20)")
      ->check(CLI::Range(20, 10000));
  command_->add_flag("--quiet,-q", quiet_, "Print nothing but errors");
  command_->add_flag("--no-plot", no_plot_, "Do not run gnuplot");
  command_->footer("Exit status: 0 the model predicts the trace, 1 it diverges, 2 bad input, 3 internal error.");
}

int CrosscheckCommand::execute() {
  return exit_code_of([&] {
    crosscheck::CrosscheckRequest request{sim::load_scenario_file(scenario_path_),
                                          {trace_dirs_.begin(), trace_dirs_.end()}, out_dir_, seeds_, !no_plot_};
    if (request.out_dir.empty()) request.out_dir = "out/crosscheck-" + request.scenario.name;
    const auto outcome = crosscheck::run_crosscheck(request, [&](int done, int total) {
      if (!quiet_) std::fprintf(stderr, "\r  simulating seed %d/%d", done, total);
      if (!quiet_ && done == total) std::fprintf(stderr, "\n");
    });
    if (!no_plot_ && !outcome.plotted && !quiet_) std::printf("  plot    %s\n", outcome.plot_message.c_str());
    if (!quiet_) print_verdict(outcome.verdict, request.out_dir.string());
    return outcome.verdict.conforms() ? 0 : kExitDiverges;
  });
}

}  // namespace vtick::tools
