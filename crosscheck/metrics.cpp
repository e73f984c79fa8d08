#include "crosscheck/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "sim/sample_stats.hpp"

namespace vtick::crosscheck {
namespace {

using nlohmann::json;

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw TraceError(file.string() + ": cannot read (missing or unreadable)");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// summary.json's value at a dotted path, which must be a number.
json number_at(const json& summary, const std::string& path, const std::string& file) {
  const json* node = &summary;
  std::string::size_type start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const std::string key = path.substr(start, dot - start);
    if (!node->is_object() || !node->contains(key)) throw TraceError(file + ": missing field " + path);
    node = &(*node)[key];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (!node->is_number()) throw TraceError(file + ": field " + path + " is not a number (got " + node->dump() + ")");
  return *node;
}

void read_summary(const json& s, const std::string& file, RunMetrics& m) {
  if (!s.is_object()) throw TraceError(file + ": expected a JSON object");
  if (!s.contains("scenario") || !s["scenario"].is_string()) throw TraceError(file + ": missing field scenario");
  m.scenario = s["scenario"].get<std::string>();
  m.identity = case_identity(s);
  m.sampled_by_guest_timer = s.contains("realvm");
  m.drift_ppm = number_at(s, "clock.drift_ppm", file).get<double>();
  m.final_offset_ns = number_at(s, "clock.final_offset_ns", file).get<std::int64_t>();
  m.max_abs_offset_ns = number_at(s, "clock.max_abs_offset_ns", file).get<std::int64_t>();
  // A Linux guest's trace cannot count the ticks it lost: null there, and not compared.
  const bool ticks_counted = !(s.contains("ticks") && s["ticks"].is_object() && s["ticks"].contains("lost") &&
                               s["ticks"]["lost"].is_null());
  if (ticks_counted) m.ticks_lost = number_at(s, "ticks.lost", file).get<std::int64_t>();
}

std::int64_t parse_integer(std::string_view cell, const std::string& where) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (ec != std::errc{} || end != cell.data() + cell.size()) {
    throw TraceError(where + ": expected an integer, got '" + std::string(cell) + "'");
  }
  return v;
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> cells;
  std::string_view::size_type start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    cells.push_back(line.substr(start, comma - start));
    if (comma == std::string_view::npos) return cells;
    start = comma + 1;
  }
}

/// The named integer columns of a CSV file with a header row; every row must be complete.
std::vector<std::vector<std::int64_t>> read_columns(const std::string& text, const std::string& file,
                                                    const std::vector<std::string>& wanted) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line)) throw TraceError(file + ": empty file (expected a header row)");
  const auto header = split(line);
  std::vector<std::size_t> index;
  for (const auto& name : wanted) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw TraceError(file + ":1: missing column " + name + " (header: " + line + ")");
    index.push_back(static_cast<std::size_t>(it - header.begin()));
  }
  std::vector<std::vector<std::int64_t>> columns(wanted.size());
  for (int row = 2; std::getline(in, line); ++row) {
    if (line.empty()) continue;
    const auto cells = split(line);
    const std::string where = file + ":" + std::to_string(row);
    if (cells.size() != header.size()) {
      throw TraceError(where + ": " + std::to_string(cells.size()) + " cells, the header has " + std::to_string(header.size()));
    }
    for (std::size_t c = 0; c < wanted.size(); ++c) columns[c].push_back(parse_integer(cells[index[c]], where));
  }
  return columns;
}

void read_series(const std::string& text, const std::string& file, RunMetrics& m) {
  auto columns = read_columns(text, file, {"host_ns", "offset_ns"});
  if (columns[0].empty()) throw TraceError(file + ": no samples");
  m.host_ns = std::move(columns[0]);
  m.offset_ns = std::move(columns[1]);
}

}  // namespace

std::vector<std::string> compared_workloads(const sim::Scenario& scenario) {
  std::vector<std::string> names;
  for (const auto& w : scenario.guest.workloads) {
    if (w.kind == sim::WorkloadKind::PeriodicTimer) names.push_back(w.name);
  }
  return names;
}

RunMetrics load_metrics(const std::filesystem::path& dir, const std::vector<std::string>& workloads) {
  if (!std::filesystem::is_directory(dir)) throw TraceError(dir.string() + ": not a directory");
  RunMetrics m;
  const std::string summary_file = (dir / "summary.json").string();
  json summary;
  try {
    summary = json::parse(read_text(summary_file));
  } catch (const json::parse_error& e) {
    throw TraceError(summary_file + ": not valid JSON (" + e.what() + ")");
  }
  read_summary(summary, summary_file, m);
  const std::string series_file = (dir / "series.csv").string();
  read_series(read_text(series_file), series_file, m);
  for (const auto& name : workloads) {
    const std::string file = (dir / ("lateness-" + name + ".csv")).string();
    auto column = read_columns(read_text(file), file, {"lateness_ns"});
    if (column[0].empty()) throw TraceError(file + ": no lateness samples (the workload never fired)");
    m.lateness.push_back({name, std::move(column[0])});
  }
  return m;
}

RunMetrics metrics_of(const sim::runner::RunResult& run, const std::vector<std::string>& workloads) {
  RunMetrics m;
  read_summary(json::parse(run.summary.dump()), "simulated summary", m);
  std::ostringstream series;
  run.series.write(series);
  read_series(series.str(), "simulated series.csv", m);
  for (const auto& name : workloads) {
    const auto it = std::find_if(run.lateness.begin(), run.lateness.end(), [&](const auto& l) { return l.first == name; });
    if (it == run.lateness.end() || it->second.empty()) {
      throw TraceError("simulation: workload " + name + " has no lateness samples");
    }
    m.lateness.push_back({name, it->second});
  }
  return m;
}

std::int64_t lateness_quantile(const std::vector<std::int64_t>& samples, double p) {
  if (samples.empty()) throw std::invalid_argument("lateness_quantile: no samples");
  sim::SampleStats stats;
  for (std::int64_t s : samples) stats.add(s);
  return *stats.quantile(p);
}

}  // namespace vtick::crosscheck
