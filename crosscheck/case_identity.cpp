#include "crosscheck/case_identity.hpp"

namespace vtick::crosscheck {
namespace {

/// The value at a dotted path, or nullptr when any step is missing.
const nlohmann::json* value_at(const nlohmann::json& root, const std::string& path) {
  const nlohmann::json* node = &root;
  std::string::size_type start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const std::string key = path.substr(start, dot - start);
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
    if (dot == std::string::npos) return node;
    start = dot + 1;
  }
}

}  // namespace

const std::vector<std::string>& case_identity_fields() {
  // realvm.engine is absent in a simulator's trace (`vtick run`): a simulated trace is a
  // case of its own. kernel and clocksource_requested exist only for Linux guests.
  static const std::vector<std::string> fields{
      "scenario",      "scheme",        "timer_device", "lost_tick_policy",
      "hz",            "duration_ns",   "realvm.engine", "realvm.kernel",
      "realvm.clocksource_requested"};
  return fields;
}

CaseIdentity case_identity(const nlohmann::json& summary) {
  CaseIdentity identity;
  for (const auto& field : case_identity_fields()) {
    const nlohmann::json* value = value_at(summary, field);
    identity.emplace_back(field, value == nullptr ? "absent" : value->dump());
  }
  return identity;
}

std::optional<std::string> case_difference(const CaseIdentity& there, const CaseIdentity& here) {
  for (std::size_t i = 0; i < there.size() && i < here.size(); ++i) {
    if (there[i].second != here[i].second) {
      return there[i].first + " is " + here[i].second + " here, " + there[i].second + " in the first trace";
    }
  }
  if (there.size() != here.size()) return std::string("the traces record different case fields");
  return std::nullopt;
}

}  // namespace vtick::crosscheck
