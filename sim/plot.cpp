#include "sim/plot.hpp"
#include "sim/join.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <system_error>
#include <variant>
#include <vector>

extern char** environ;

namespace vtick::sim {
namespace {

// Paths and the title arrive as gnuplot's ARG1..ARG3 rather than as literals in the script:
// arguments are never parsed as gnuplot code (backquotes, @macros), so the script is the
// same text for every run and a title cannot inject commands.
constexpr std::string_view kScript = R"gp(# vtick: guest clock offset and tick backlog against host time.
# Usage: gnuplot -c offset.gp SERIES_CSV OUTPUT_PREFIX TITLE
# Writes OUTPUT_PREFIX.png and OUTPUT_PREFIX.svg from the integer columns
# host_ns, offset_ns and backlog_ticks of SERIES_CSV (a header row names the columns).
series = (ARGC >= 1) ? ARG1 : "series.csv"
prefix = (ARGC >= 2) ? ARG2 : "offset"
plot_title = (ARGC >= 3) ? ARG3 : "vtick"

set datafile separator comma
set datafile columnheaders
set title plot_title noenhanced
set xlabel "host time (s)"
set ylabel "guest clock offset (ms)"
set y2label "tick backlog (ticks)"
set ytics nomirror
set y2tics
set grid
set key below

# pngcairo draws anti-aliased; libgd's png is the fallback in builds without cairo.
if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
  set terminal pngcairo size 1200,600
} else {
  set terminal png size 1200,600
}
set output prefix.".png"
plot series using (column("host_ns") / 1e9):(column("offset_ns") / 1e6) \
       axes x1y1 with lines linewidth 2 title "guest clock offset (ms)", \
     series using (column("host_ns") / 1e9):(column("backlog_ticks")) \
       axes x1y2 with steps title "tick backlog (ticks)"

set terminal svg size 1200,600
set output prefix.".svg"
replot
unset output
)gp";

constexpr std::string_view kCompareOffsetScript = R"gp(# vtick compare: guest clock offset per scheme.
# Usage: gnuplot -c compare_offset.gp DIR "RUN1 RUN2 ..." TITLE   (reads DIR/RUNi/series.csv)
dir = ARG1
runs = ARG2
plot_title = ARG3
set datafile separator comma
set datafile columnheaders
set title plot_title noenhanced
set xlabel "host time (s)"
set ylabel "guest clock offset (ms)"
set grid
set key below noenhanced
do for [format in "png svg"] {
  if (format eq "png") {
    if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) { set terminal pngcairo size 1000,600 } else { set terminal png size 1000,600 }
  } else {
    set terminal svg size 1000,600 dynamic
  }
  set output dir . "/compare_offset." . format
  plot for [i=1:words(runs)] dir . "/" . word(runs, i) . "/series.csv" \
       using (column("host_ns") / 1e9):(column("offset_ns") / 1e6) with lines title word(runs, i)
  unset output
}
)gp";

constexpr std::string_view kLatenessCdfScript = R"gp(# vtick compare: timer lateness CDF per scheme.
# Usage: gnuplot -c lateness_cdf.gp DIR "RUN1 RUN2 ..." WORKLOAD TITLE
#        (reads DIR/RUNi/lateness-WORKLOAD.csv: one column lateness_ns, in expiry order)
dir = ARG1
runs = ARG2
workload = ARG3
plot_title = ARG4
set datafile separator comma
set datafile columnheaders
set title plot_title . ": lateness of " . workload noenhanced
set xlabel "lateness vs true time (ms)"
set ylabel "fraction of expiries"
set grid
set key below noenhanced
set yrange [0:1]
do for [format in "png svg"] {
  if (format eq "png") {
    if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) { set terminal pngcairo size 1000,600 } else { set terminal png size 1000,600 }
  } else {
    set terminal svg size 1000,600 dynamic
  }
  set output dir . "/lateness_cdf." . format
  plot for [i=1:words(runs)] dir . "/" . word(runs, i) . "/lateness-" . workload . ".csv" \
       using ($1 / 1e6):(1) smooth cnormal with steps title word(runs, i)
  unset output
}
)gp";

constexpr std::string_view kSweepScript = R"gp(# vtick sweep: drift and timer lateness per scheme against the swept parameter.
# Usage: gnuplot -c sweep.gp SWEEP_CSV OUTPUT_PREFIX "SCHEME1 SCHEME2 ..." PARAMETER TITLE
csv = ARG1
prefix = ARG2
schemes = ARG3
parameter = ARG4
plot_title = ARG5
set datafile separator comma
set datafile columnheaders
set grid
set key below noenhanced
set xlabel parameter noenhanced
do for [format in "png svg"] {
  if (format eq "png") {
    if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) { set terminal pngcairo size 1000,900 } else { set terminal png size 1000,900 }
  } else {
    set terminal svg size 1000,900 dynamic
  }
  set output prefix . "." . format
  set multiplot layout 2,1 title plot_title noenhanced
  set ylabel "guest clock drift (ppm)"
  plot for [i=1:words(schemes)] csv using (strcol("scheme") eq word(schemes, i) ? column("value") : NaN):(column("drift_ppm")) \
       with linespoints title word(schemes, i)
  set ylabel "timer lateness p99 (ms)"
  plot for [i=1:words(schemes)] csv using (strcol("scheme") eq word(schemes, i) ? column("value") : NaN):(column("lateness_p99_ns") / 1e6) \
       with linespoints title word(schemes, i)
  unset multiplot
  unset output
}
)gp";

constexpr std::string_view kLoadCurveScript = R"gp(# vtick loadcurve: measured runs against the simulator's median and 5-95 % band, per metric.
# Usage: gnuplot -c curve.gp CURVE_CSV BAND_CSV OUTPUT_PREFIX "METRIC1 ..." "ENGINE1 ..." TITLE
curve = ARG1
band = ARG2
prefix = ARG3
metrics = ARG4
engines = ARG5
plot_title = ARG6
set datafile separator comma
set datafile columnheaders
set grid
set key below noenhanced
set xlabel "CPU hogs"
set xtics 1
set format y "%g"
set offsets 0.25, 0.25, 0, 0
panels = words(metrics)
do for [format in "png svg"] {
  if (format eq "png") {
    if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) { set terminal pngcairo size 1000,320*panels } else { set terminal png size 1000,320*panels }
  } else {
    set terminal svg size 1000,320*panels dynamic
  }
  set output prefix . "." . format
  set multiplot layout panels,1 title plot_title noenhanced
  do for [i=1:panels] {
    m = word(metrics, i)
    set ylabel m noenhanced
    plot band using (column("hogs")):(column(m . "_p05")):(column(m . "_p95")) with filledcurves fs transparent solid 0.3 \
           lc rgb "#4070c0" title "predicted 5-95 %", \
         band using (column("hogs")):(column(m . "_median")) with linespoints lw 2 lc rgb "#203870" title "predicted median", \
         for [e=1:words(engines)] curve using (strcol("source") eq "real" && strcol("engine") eq word(engines, e) ? column("hogs") : NaN):(column(m)) \
           with points pt 7 ps 1.2 title "measured (" . word(engines, e) . ")"
  }
  unset multiplot
  unset output
}
)gp";

constexpr std::size_t kMaxErrorText = 2000;

struct Finished {
  int exit_code = -1;  ///< -1 when killed by a signal
  std::string stderr_text;
};

std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      text.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      return text;
    }
  }
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Runs argv (looked up in PATH, no shell) with stdin and stdout on /dev/null, capturing
/// stderr. Returns the posix_spawnp error (ENOENT: not installed) instead of a result.
std::variant<int, Finished> run(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return errno;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  pid_t pid = 0;
  const int error = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (error != 0) {
    ::close(pipe_fds[0]);
    return error;
  }
  Finished finished;
  finished.stderr_text = read_all(pipe_fds[0]);
  ::close(pipe_fds[0]);
  finished.exit_code = wait_for(pid);
  return finished;
}

bool non_empty_file(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::file_size(path, ec) > 0 && !ec;
}

PlotResult failure(std::string message) { return PlotResult{false, std::move(message)}; }

/// Writes `script` to out_dir/<name>.gp and runs it with `args`; it must produce
/// out_dir/<name>.png and .svg.
PlotResult run_script(std::string_view script, const std::filesystem::path& out_dir, const std::string& name,
                      const std::vector<std::string>& args) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return failure("cannot create " + out_dir.string() + ": " + ec.message());
  const auto script_path = out_dir / (name + ".gp");
  const auto png = out_dir / (name + ".png");
  const auto svg = out_dir / (name + ".svg");
  {
    std::ofstream out(script_path, std::ios::binary);
    out << script;
    if (!out.flush()) return failure("cannot write " + script_path.string());
  }
  // A stale picture from an earlier run must not pass for this run's.
  std::filesystem::remove(png, ec);
  std::filesystem::remove(svg, ec);

  std::vector<std::string> argv = {"gnuplot", "-c", script_path.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto outcome = run(argv);
  if (const int* error = std::get_if<int>(&outcome)) {
    if (*error == ENOENT) return failure("gnuplot not found; install gnuplot-nox to get " + name + ".png");
    return failure("cannot run gnuplot: " + std::generic_category().message(*error));
  }
  const Finished& finished = std::get<Finished>(outcome);
  if (finished.exit_code != 0 || !non_empty_file(png) || !non_empty_file(svg)) {
    // gnuplot's last words say what went wrong; the tail bounds the message's length.
    const std::string& text = finished.stderr_text;
    std::string detail = text.substr(text.size() - std::min(text.size(), kMaxErrorText));
    detail.erase(detail.find_last_not_of(" \n") + 1);
    return failure("gnuplot failed (exit code " + std::to_string(finished.exit_code) + ") plotting " +
                   (args.empty() ? name : args.front()) + ": " + detail);
  }
  return PlotResult{true, "wrote " + png.string() + " and " + svg.string()};
}

}  // namespace

PlotResult plot_offset(const std::filesystem::path& series_csv, const std::filesystem::path& out_dir,
                       std::string_view title) {
  return run_script(kScript, out_dir, "offset",
                    {series_csv.string(), (out_dir / "offset").string(), std::string(title)});
}

PlotResult plot_sweep(const std::filesystem::path& sweep_csv, const std::filesystem::path& out_dir,
                      const std::vector<std::string>& schemes, const std::string& parameter, std::string_view title) {
  return run_script(kSweepScript, out_dir, "sweep",
                    {sweep_csv.string(), (out_dir / "sweep").string(), join(schemes, " "), parameter, std::string(title)});
}

PlotResult plot_loadcurve(const std::filesystem::path& curve_csv, const std::filesystem::path& band_csv,
                          const std::filesystem::path& out_dir, const std::vector<std::string>& metrics,
                          const std::vector<std::string>& engines, std::string_view title) {
  return run_script(kLoadCurveScript, out_dir, "curve",
                    {curve_csv.string(), band_csv.string(), (out_dir / "curve").string(), join(metrics, " "),
                     join(engines, " "), std::string(title)});
}

PlotResult plot_comparison(const std::filesystem::path& out_dir, const std::vector<std::string>& runs,
                           const std::string& workload, std::string_view title) {
  const std::string names = join(runs, " ");
  PlotResult offsets = run_script(kCompareOffsetScript, out_dir, "compare_offset",
                                  {out_dir.string(), names, std::string(title)});
  if (!offsets.ok || workload.empty()) return offsets;
  PlotResult cdf = run_script(kLatenessCdfScript, out_dir, "lateness_cdf",
                              {out_dir.string(), names, workload, std::string(title)});
  if (!cdf.ok) return cdf;
  return PlotResult{true, offsets.message + "; " + cdf.message};
}

}  // namespace vtick::sim
