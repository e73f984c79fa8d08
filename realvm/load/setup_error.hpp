#pragma once
// The message for a child that could not apply its scheduling: which task, which call with
// which arguments, why, and for a permission error, what would be needed.
#include <string>

#include "realvm/load/child.hpp"

namespace vtick::realvm::load {

std::string describe_setup_failure(const TaskPlan& plan, const SetupReport& report);

}  // namespace vtick::realvm::load
