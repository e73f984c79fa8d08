#pragma once
// crosscheck.json: the verdict as data, for tools that collect many cross-checks (a load
// curve, a validation over days): every run's value of every metric, the prediction it was
// judged against, and each verdict. Runs are numbered from 1, as in crosscheck.md.
// Deterministic: same inputs, same bytes.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "crosscheck/verdict.hpp"

namespace vtick::crosscheck {

[[nodiscard]] nlohmann::ordered_json verdict_json(const Verdict& verdict);

/// Writes out_dir/crosscheck.json (out_dir must exist); std::runtime_error if it cannot.
void write_json_report(const std::filesystem::path& out_dir, const Verdict& verdict);

}  // namespace vtick::crosscheck
