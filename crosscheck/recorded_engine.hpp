#pragma once
// Which engine recorded a real VM's trace (summary.json's realvm.engine), so that its
// prediction is made with that engine's costs: `vtick validate` records some
// scenarios/realvm files under QEMU's TCG, whose VMM threads spend what the host profile's
// engines.qemu_tcg says, not what our KVM VMM spends.
#include <filesystem>
#include <optional>
#include <string>

#include "sim/scenario.hpp"

namespace vtick::crosscheck {

/// realvm.engine of trace_dir/summary.json read by the engine name table; nullopt for a
/// simulator's trace (no realvm section) or a name this build does not know. Throws
/// TraceError for an unreadable or malformed summary.
[[nodiscard]] std::optional<sim::VmmEngine> recorded_engine(const std::filesystem::path& trace_dir);

/// When the trace was recorded on another engine than `scenario` models, re-reads the
/// scenario's file for that engine (sim::ParseOptions::engine) and returns a note saying so.
[[nodiscard]] std::optional<std::string> model_recorded_engine(sim::Scenario& scenario,
                                                               const std::filesystem::path& trace_dir);

}  // namespace vtick::crosscheck
