#include "checker/smt/z3_adapter.hpp"

#include <optional>
#include <stdexcept>
#include <utility>

#include "checker/smt/z3_system.hpp"

namespace vtick::checker::smt {

std::string z3_version() {
  unsigned major = 0, minor = 0, build = 0, revision = 0;
  Z3_get_version(&major, &minor, &build, &revision);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(build) + "." +
         std::to_string(revision);
}

struct Solver::Impl {
  std::vector<std::string> names;
  z3::context ctx;
  z3::solver solver{ctx};
  std::vector<std::vector<z3::expr>> vars;  // [step][var], created on first use
  std::optional<z3::model> model;

  const z3::expr& var(std::size_t index, int step) {
    if (step < 0) throw std::out_of_range("negative step");
    if (index >= names.size()) throw std::out_of_range("unknown variable index");
    while (vars.size() <= static_cast<std::size_t>(step)) {
      std::vector<z3::expr> row;
      for (const std::string& n : names) row.push_back(ctx.int_const((n + "@" + std::to_string(vars.size())).c_str()));
      vars.push_back(std::move(row));
    }
    return vars[static_cast<std::size_t>(step)][index];
  }

  z3::expr translate(const Term& t, int step) {
    auto arg = [&](std::size_t i) { return translate(t.args()[i], step); };
    switch (t.op()) {
      case Op::IntConst: return ctx.int_val(static_cast<int64_t>(t.value()));
      case Op::BoolConst: return ctx.bool_val(t.value() != 0);
      case Op::Var: return var(t.var_index(), t.step() == Step::Cur ? step : step + 1);
      case Op::Add: return arg(0) + arg(1);
      case Op::Sub: return arg(0) - arg(1);
      case Op::Mul: return arg(0) * arg(1);
      case Op::Le: return arg(0) <= arg(1);
      case Op::Lt: return arg(0) < arg(1);
      case Op::Eq: return arg(0) == arg(1);
      case Op::And: case Op::Or: {
        z3::expr_vector v(ctx);
        for (std::size_t i = 0; i < t.args().size(); ++i) v.push_back(arg(i));
        return t.op() == Op::And ? z3::mk_and(v) : z3::mk_or(v);
      }
      case Op::Not: return !arg(0);
      case Op::Ite: return z3::ite(arg(0), arg(1), arg(2));
    }
    throw std::logic_error("translate: unknown operator");
  }
};

Solver::Solver(std::vector<std::string> var_names, Limits limits) : impl_(std::make_unique<Impl>()) {
  impl_->names = std::move(var_names);
  z3::params p(impl_->ctx);
  if (limits.timeout_ms != 0) p.set("timeout", limits.timeout_ms);
  if (limits.rlimit != 0) p.set("rlimit", limits.rlimit);
  impl_->solver.set(p);
}

Solver::~Solver() = default;

void Solver::add(const Term& f, int step) {
  if (f.sort() != Sort::Bool) throw std::invalid_argument("Solver::add needs a Bool term");
  impl_->solver.add(impl_->translate(f, step));
}

void Solver::push() { impl_->solver.push(); }
void Solver::pop() { impl_->solver.pop(); }

Verdict3 Solver::check() {
  impl_->model.reset();
  switch (impl_->solver.check()) {
    case z3::sat:
      impl_->model = impl_->solver.get_model();
      return Verdict3::Sat;
    case z3::unsat: return Verdict3::Unsat;
    default: return Verdict3::Unknown;
  }
}

std::string Solver::reason_unknown() const {
  std::string reason = impl_->solver.reason_unknown();
  return reason.empty() ? "unknown (Z3 gave no reason)" : reason;
}

std::int64_t Solver::value(std::size_t var, int step) const {
  if (!impl_->model) throw std::logic_error("Solver::value: no model (last check was not Sat)");
  z3::expr v = impl_->model->eval(impl_->var(var, step), true);
  std::int64_t out = 0;
  if (!v.is_numeral_i64(out)) throw std::overflow_error("model value does not fit int64");
  return out;
}

std::vector<std::int64_t> Solver::state(int step) const {
  std::vector<std::int64_t> s;
  for (std::size_t i = 0; i < impl_->names.size(); ++i) s.push_back(value(i, step));
  return s;
}

}  // namespace vtick::checker::smt
