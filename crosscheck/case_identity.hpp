#pragma once
// What makes two traces recordings of the same case, read from their summary.json: the
// scenario and the settings a run records that change what is measured (scheme, policy,
// tick rate, length) and which real VMM ran it (our VMM on KVM, QEMU's TCG, Linux under
// QEMU and its kernel and clocksource). Runs of one case may differ in anything else: seed,
// host load from other work, the day. `vtick crosscheck` judges several traces together only
// when they are one case, so a KVM run cannot hide among QEMU runs.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace vtick::crosscheck {

/// (dotted summary.json field, its value as JSON text or "absent"), in a fixed field order.
using CaseIdentity = std::vector<std::pair<std::string, std::string>>;

/// The summary fields that identify a case, in the order they are compared and reported.
[[nodiscard]] const std::vector<std::string>& case_identity_fields();

[[nodiscard]] CaseIdentity case_identity(const nlohmann::json& summary);

/// "realvm.engine is \"qemu-tcg\" there, \"kvm\" here" for the first field that differs
/// (`there` is the reference run); nullopt when the two are one case.
[[nodiscard]] std::optional<std::string> case_difference(const CaseIdentity& there, const CaseIdentity& here);

}  // namespace vtick::crosscheck
