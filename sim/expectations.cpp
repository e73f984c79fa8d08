#include "sim/expectations.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace vtick::sim {
namespace {

using nlohmann::ordered_json;

std::string location(const Expectation& e) {
  return e.where.file + ":" + std::to_string(e.where.line) + ":" +
         std::to_string(e.where.column) + ": expect." + e.field + ": ";
}

std::invalid_argument no_such_field(const Expectation& e, const ordered_json& level) {
  std::string fields;
  if (level.is_object()) {
    for (const auto& item : level.items()) {
      fields += (fields.empty() ? "" : ", ") + item.key();
    }
  }
  return std::invalid_argument(location(e) +
                               "no such numeric field in summary.json (fields at that level: " +
                               (fields.empty() ? "none" : fields) + ")");
}

/// The number at e.field; nullopt for null. An error lists the keys of the object the path
/// got stuck in or ended on, else of the parent of the non-object it ran into.
std::optional<double> lookup(const Expectation& e, const ordered_json& summary) {
  const ordered_json* level = &summary;
  const ordered_json* node = &summary;
  for (std::size_t start = 0;;) {
    const std::size_t dot = e.field.find('.', start);
    const std::string key = e.field.substr(start, dot == std::string::npos ? dot : dot - start);
    const auto child = node->find(key);  // end() for non-objects too
    if (child == node->end()) throw no_such_field(e, node->is_object() ? *node : *level);
    level = node;
    node = &*child;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (node->is_null()) return std::nullopt;
  if (!node->is_number()) throw no_such_field(e, node->is_object() ? *node : *level);
  return node->get<double>();
}

void append_clause(std::string& text, const std::string& clause) {
  text += (text.empty() ? "" : " and ") + clause;
}

bool nearly_equal(double actual, double expected) {
  const double scale = std::max({1.0, std::fabs(actual), std::fabs(expected)});
  return std::fabs(actual - expected) <= 1e-9 * scale;
}

/// What the expectation asks for, e.g. "within [0, 10]" or ">= 0 and == 3".
std::string requirement(const Expectation& e) {
  std::string text;
  const auto add = [&text](const std::string& clause) { append_clause(text, clause); };
  if (e.min && e.max) {
    add("within [" + format_number(*e.min) + ", " + format_number(*e.max) + "]");
  } else if (e.min) {
    add(">= " + format_number(*e.min));
  } else if (e.max) {
    add("<= " + format_number(*e.max));
  }
  if (e.equals) add("== " + format_number(*e.equals));
  return text;
}

/// The clauses `actual` violates, e.g. "above max 100"; empty if it passes.
std::string violations(const Expectation& e, double actual) {
  std::string text;
  const auto add = [&text](const std::string& clause) { append_clause(text, clause); };
  if (e.min && actual < *e.min) add("below min " + format_number(*e.min));
  if (e.max && actual > *e.max) add("above max " + format_number(*e.max));
  if (e.equals && !nearly_equal(actual, *e.equals)) {
    add("not equal to " + format_number(*e.equals));
  }
  return text;
}

ExpectationResult evaluate(const Expectation& e, const ordered_json& summary) {
  if (!e.min && !e.max && !e.equals) {
    throw std::invalid_argument(location(e) + "needs min, max or equals");
  }
  ExpectationResult result{e, lookup(e, summary), false, ""};
  if (!result.actual) {
    result.message = e.field + " = null (nothing measured), expected " + requirement(e);
    return result;
  }
  const std::string failed = violations(e, *result.actual);
  result.passed = failed.empty();
  result.message = e.field + " = " + format_number(*result.actual) + " " +
                   (result.passed ? requirement(e) : failed);
  return result;
}

}  // namespace

std::string format_number(double value) {
  char buffer[64];
  std::to_chars_result result;
  if (std::fabs(value) < 1e15 && value == std::trunc(value)) {
    result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(value));
  } else {
    result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 6);
  }
  return std::string(buffer, result.ptr);
}

std::vector<ExpectationResult> evaluate_expectations(const std::vector<Expectation>& expectations,
                                                     const nlohmann::ordered_json& summary) {
  std::vector<ExpectationResult> results;
  results.reserve(expectations.size());
  for (const Expectation& e : expectations) results.push_back(evaluate(e, summary));
  return results;
}

}  // namespace vtick::sim
