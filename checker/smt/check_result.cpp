#include "checker/smt/check_result.hpp"

namespace vtick::checker::smt {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::Proved: return "PROVED";
    case Verdict::Violated: return "VIOLATED";
    case Verdict::NoViolationUpTo: return "NO VIOLATION UP TO DEPTH";
    case Verdict::Unknown: return "UNKNOWN";
  }
  return "?";
}

}  // namespace vtick::checker::smt
