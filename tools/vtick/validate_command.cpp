#include "tools/vtick/validate_command.hpp"

#include <fnmatch.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

#include "build_id.hpp"
#include "crosscheck/crosscheck_run.hpp"
#include "crosscheck/validation_report.hpp"
#include "realvm/linux/subprocess.hpp"
#include "sim/scenario_parser.hpp"
#include "tools/vtick/cli_support.hpp"

namespace vtick::tools {
namespace {

namespace fs = std::filesystem;
using crosscheck::CaseOutcome;
using crosscheck::ValidationCase;

constexpr int kExitDiverges = 1;
constexpr int kExitNothingJudged = 4;
constexpr int kExitRealVmMissing = 4;

std::string last_line(const std::string& text) {
  std::string line, last;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string utc_date() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

std::string host_description() {
  utsname name{};
  uname(&name);
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  char text[256];
  std::snprintf(text, sizeof text, "%ld CPUs, Linux %s, load average %.2f when the run began.",
                sysconf(_SC_NPROCESSORS_ONLN), name.release, load[0]);
  return text;
}

// Copies what the document shows (the report and the PNG plots) next to it.
void publish(const fs::path& report_dir, const fs::path& published) {
  fs::create_directories(published);
  fs::copy_file(report_dir / "crosscheck.md", published / "crosscheck.md", fs::copy_options::overwrite_existing);
  for (const char* plot : {"compare_offset.png", "lateness_cdf.png"}) {
    if (!fs::exists(report_dir / plot)) continue;
    fs::copy_file(report_dir / plot, published / plot, fs::copy_options::overwrite_existing);
  }
}

struct Recording {
  std::vector<fs::path> traces;  ///< the runs recorded, in order
  std::string skipped;           ///< why the case cannot be judged, if it cannot
  int exit_status = 0;           ///< the last run's (1: its own expect: failed)
};

// R runs of the case: case_dir/trace for one (as before --repeat), case_dir/trace-<i> for
// several. Stops at the first run that cannot be judged: the case is judged on all R or not.
Recording record_runs(const ValidationCase& c, const fs::path& case_dir, int repeat, const std::string& self) {
  Recording r;
  for (int i = 1; i <= repeat; ++i) {
    const fs::path trace = repeat == 1 ? case_dir / "trace" : case_dir / ("trace-" + std::to_string(i));
    std::vector<std::string> argv = {self};
    const auto args = crosscheck::recording_arguments(c, trace);
    argv.insert(argv.end(), args.begin(), args.end());
    const auto recorded = realvm::linux_guest::run_command(argv, fs::current_path());
    r.exit_status = recorded.exit_status;
    const std::string which = repeat == 1 ? "" : " run " + std::to_string(i) + " of " + std::to_string(repeat);
    if (recorded.exit_status == kExitRealVmMissing) {
      r.skipped = "skipped: " + last_line(recorded.output);
      return r;
    }
    if (recorded.exit_status != 0 && recorded.exit_status != 1) {
      r.skipped = "recording" + which + " failed (exit " + std::to_string(recorded.exit_status) + "): " +
                  last_line(recorded.output);
      return r;
    }
    r.traces.push_back(trace);
  }
  return r;
}

std::string command_line(const std::string& only, int repeat) {
  std::string command = "vtick validate";
  if (!only.empty()) command += " --only '" + only + "'";
  if (repeat != 1) command += " --repeat " + std::to_string(repeat);
  return command;
}

}  // namespace

ValidateCommand::ValidateCommand(CLI::App& app) {
  command_ = app.add_subcommand("validate", "Record real traces of the shipped scenarios, cross-check each, write the validation report");
  command_->add_option("--report", report_, "Markdown report to write (default docs/validation.md)");
  command_->add_option("--out", out_dir_, "Traces and full cross-check outputs (default out/validation)");
  command_->add_option("--only", only_, "Only the cases whose id (engine/scenario) matches this shell pattern, e.g. 'kvm/idle-*'");
  command_->add_option("--findings", findings_, "Hand-written findings included in the report (default docs/validation/findings.md)");
  command_->add_option("--seeds", seeds_, "Simulated seeds 1..N per case (default: the scenario's, else 20)")
      ->check(CLI::Range(20, 10000));
  command_->add_option("--repeat", repeat_,
                       "Real runs per case, judged together (docs/crosscheck.md, several runs); default 1")
      ->check(CLI::Range(1, 1000));
  command_->add_flag("--no-findings", no_findings_, "Leave the hand-written findings out");
  command_->add_flag("--quiet,-q", quiet_, "Print nothing but errors");
  command_->footer("Run from the repository root. Exit status: 0 every judged case conforms, 1 any diverges, "
                   "2 bad input, 3 internal error, 4 nothing could be judged (no /dev/kvm, no QEMU).");
}

int ValidateCommand::execute() {
  return exit_code_of([&] {
    if (!fs::is_directory("scenarios/realvm")) throw std::invalid_argument("no scenarios/realvm here: run from the repository root");
    std::vector<ValidationCase> cases;
    for (auto& c : crosscheck::validation_cases("")) {
      if (only_.empty() || fnmatch(only_.c_str(), c.id.c_str(), 0) == 0) cases.push_back(std::move(c));
    }
    if (cases.empty()) throw std::invalid_argument("--only " + only_ + " matches no validation case");
    const fs::path document_dir = fs::path(report_).parent_path();
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    crosscheck::ValidationHeader header{command_line(only_, repeat_), kBuildId, utc_date(), host_description(),
                                        !no_findings_ && fs::exists(findings_) ? read_file(findings_) : "", repeat_};
    std::vector<CaseOutcome> outcomes;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const ValidationCase& c = cases[i];
      if (!quiet_) std::fprintf(stderr, "[%zu/%zu] %s: recording\n", i + 1, cases.size(), c.id.c_str());
      CaseOutcome outcome{c, std::nullopt, "", 0, "", {}};
      const fs::path case_dir = fs::path(out_dir_) / c.id;
      fs::remove_all(case_dir);
      const Recording recorded = record_runs(c, case_dir, repeat_, self);
      outcome.recording_exit = recorded.exit_status;
      outcome.skipped = recorded.skipped;
      if (recorded.skipped.empty()) {
        if (!quiet_) std::fprintf(stderr, "[%zu/%zu] %s: cross-checking\n", i + 1, cases.size(), c.id.c_str());
        crosscheck::CrosscheckRequest request{sim::load_scenario_file(c.scenario.string()), recorded.traces,
                                              case_dir / "crosscheck", seeds_, true};
        const auto result = crosscheck::run_crosscheck(request, {});
        outcome.verdict = result.verdict;
        const fs::path published = document_dir / "validation" / c.id;
        publish(case_dir / "crosscheck", published);
        outcome.report_link = ("validation/" + c.id + "/crosscheck.md");
        for (const char* plot : {"compare_offset.png", "lateness_cdf.png"}) {
          if (fs::exists(published / plot)) outcome.plots.push_back("validation/" + c.id + "/" + plot);
        }
        if (!quiet_) std::fprintf(stderr, "[%zu/%zu] %s: %s\n", i + 1, cases.size(), c.id.c_str(),
                                  result.verdict.conforms() ? "CONFORMS" : "DIVERGES");
      }
      if (!outcome.skipped.empty() && !quiet_) std::fprintf(stderr, "  %s\n", outcome.skipped.c_str());
      outcomes.push_back(std::move(outcome));
    }
    fs::create_directories(document_dir.empty() ? "." : document_dir);
    std::ofstream(report_, std::ios::binary) << crosscheck::render_validation(header, outcomes);
    if (!quiet_) std::printf("vtick validate: %s\n", report_.c_str());
    const bool any_judged = std::any_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.verdict.has_value(); });
    const bool all_conform = std::all_of(outcomes.begin(), outcomes.end(),
                                         [](const auto& o) { return !o.verdict || o.verdict->conforms(); });
    if (!any_judged) return kExitNothingJudged;
    return all_conform ? 0 : kExitDiverges;
  });
}

}  // namespace vtick::tools
