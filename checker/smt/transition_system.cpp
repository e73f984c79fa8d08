#include "checker/smt/transition_system.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace vtick::checker::smt {

namespace {

std::size_t find_var(const std::vector<std::string>& vars, std::string_view var) {
  auto it = std::find(vars.begin(), vars.end(), var);
  if (it == vars.end()) throw std::out_of_range("unknown state variable: " + std::string(var));
  return static_cast<std::size_t>(it - vars.begin());
}

}  // namespace

std::size_t TransitionSystem::index(std::string_view var) const { return find_var(vars, var); }
Term TransitionSystem::cur(std::string_view var) const { return Term::var(index(var), Step::Cur); }
Term TransitionSystem::next(std::string_view var) const { return Term::var(index(var), Step::Next); }

void TransitionSystem::validate() const {
  if (init.mentions_next() || property.mentions_next())
    throw std::invalid_argument(name + ": init and property may only mention the current state");
  for (const Lemma& l : lemmas)
    if (l.term.mentions_next()) throw std::invalid_argument(name + ": lemma " + l.name + " mentions the next state");
}

std::int64_t Trace::at(std::size_t step, std::string_view var) const {
  return states.at(step).at(find_var(vars, var));
}

bool is_path(const TransitionSystem& sys, const Trace& trace) {
  if (trace.states.empty() || !holds(sys.init, trace.states.front())) return false;
  for (std::size_t i = 0; i + 1 < trace.states.size(); ++i)
    if (!holds(sys.trans, trace.states[i], trace.states[i + 1])) return false;
  return true;
}

}  // namespace vtick::checker::smt
