#pragma once
// The one exception a scenario file can cause. what() is "FILE:LINE:COL: FIELD: REASON" so
// editors and terminals can jump to the offending spot; FIELD is the dotted path of the key
// (e.g. "load[2].period") and is omitted for YAML syntax errors. Line 0 means the problem is
// the file as a whole (unreadable, empty), and the position is omitted too.
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/scenario.hpp"

namespace vtick::sim {

class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(SourceLocation location, std::string field, std::string reason)
      : std::runtime_error(format(location, field, reason)),
        location_(std::move(location)),
        field_(std::move(field)),
        reason_(std::move(reason)) {}

  [[nodiscard]] const SourceLocation& location() const { return location_; }
  [[nodiscard]] const std::string& field() const { return field_; }
  /// The message without location and field, for tools that print those separately.
  [[nodiscard]] const std::string& reason() const { return reason_; }

 private:
  static std::string format(const SourceLocation& at, const std::string& field,
                            const std::string& reason) {
    std::string out = at.file + ":";
    if (at.line > 0) {
      out += std::to_string(at.line) + ":" + std::to_string(at.column) + ":";
    }
    out += " ";
    if (!field.empty()) {
      out += field + ": ";
    }
    return out + reason;
  }

  SourceLocation location_;
  std::string field_;
  std::string reason_;
};

}  // namespace vtick::sim
