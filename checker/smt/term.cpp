#include "checker/smt/term.hpp"

#include <stdexcept>
#include <utility>

namespace vtick::checker::smt {

struct Term::Node {
  Op op;
  Sort sort;
  std::int64_t value = 0;
  std::size_t index = 0;
  Step step = Step::Cur;
  std::vector<Term> args;
  bool next = false;  // cached: does the term mention a Next variable
};

Term::Term(std::shared_ptr<const Node> node) : node_(std::move(node)) {}

Term::Term(std::int64_t value)
    : node_(std::make_shared<const Node>(Node{Op::IntConst, Sort::Int, value, 0, Step::Cur, {}, false})) {}

Term Term::boolean(bool value) {
  return Term(std::make_shared<const Node>(Node{Op::BoolConst, Sort::Bool, value ? 1 : 0, 0, Step::Cur, {}, false}));
}

Term Term::var(std::size_t index, Step step) {
  return Term(std::make_shared<const Node>(Node{Op::Var, Sort::Int, 0, index, step, {}, step == Step::Next}));
}

namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

bool all_of_sort(const std::vector<Term>& args, Sort sort) {
  for (const Term& a : args)
    if (a.sort() != sort) return false;
  return true;
}

// Checks arity and argument sorts of `op` and returns the result sort.
Sort result_sort(Op op, const std::vector<Term>& args) {
  switch (op) {
    case Op::Add: case Op::Sub: case Op::Mul:
      require(args.size() == 2 && all_of_sort(args, Sort::Int), "arithmetic needs two Int terms");
      require(op != Op::Mul || args[0].op() == Op::IntConst || args[1].op() == Op::IntConst,
              "nonlinear product: one factor must be a constant (linear arithmetic only)");
      return Sort::Int;
    case Op::Le: case Op::Lt:
      require(args.size() == 2 && all_of_sort(args, Sort::Int), "comparison needs two Int terms");
      return Sort::Bool;
    case Op::Eq:
      require(args.size() == 2 && args[0].sort() == args[1].sort(), "equality needs two terms of one sort");
      return Sort::Bool;
    case Op::And: case Op::Or:
      require(!args.empty() && all_of_sort(args, Sort::Bool), "and/or need Bool terms");
      return Sort::Bool;
    case Op::Not:
      require(args.size() == 1 && args[0].sort() == Sort::Bool, "not needs one Bool term");
      return Sort::Bool;
    case Op::Ite:
      require(args.size() == 3 && args[0].sort() == Sort::Bool && args[1].sort() == args[2].sort(),
              "ite needs a Bool condition and two branches of one sort");
      return args[1].sort();
    default:
      throw std::invalid_argument("Term::make: not a compound operator");
  }
}

}  // namespace

Term Term::make(Op op, std::vector<Term> args) {
  Sort sort = result_sort(op, args);
  bool next = false;
  for (const Term& a : args) next = next || a.mentions_next();
  return Term(std::make_shared<const Node>(Node{op, sort, 0, 0, Step::Cur, std::move(args), next}));
}

Op Term::op() const { return node_->op; }
Sort Term::sort() const { return node_->sort; }
std::int64_t Term::value() const { return node_->value; }
std::size_t Term::var_index() const { return node_->index; }
Step Term::step() const { return node_->step; }
const std::vector<Term>& Term::args() const { return node_->args; }
bool Term::mentions_next() const { return node_->next; }

Term operator+(const Term& a, const Term& b) { return Term::make(Op::Add, {a, b}); }
Term operator-(const Term& a, const Term& b) { return Term::make(Op::Sub, {a, b}); }
Term operator-(const Term& a) { return Term::make(Op::Sub, {Term(0), a}); }
Term operator*(const Term& a, const Term& b) { return Term::make(Op::Mul, {a, b}); }
Term operator<=(const Term& a, const Term& b) { return Term::make(Op::Le, {a, b}); }
Term operator<(const Term& a, const Term& b) { return Term::make(Op::Lt, {a, b}); }
Term operator>=(const Term& a, const Term& b) { return b <= a; }
Term operator>(const Term& a, const Term& b) { return b < a; }
Term operator==(const Term& a, const Term& b) { return Term::make(Op::Eq, {a, b}); }
Term operator!=(const Term& a, const Term& b) { return !(a == b); }
Term operator&&(const Term& a, const Term& b) { return Term::make(Op::And, {a, b}); }
Term operator||(const Term& a, const Term& b) { return Term::make(Op::Or, {a, b}); }
Term operator!(const Term& a) { return Term::make(Op::Not, {a}); }
Term implies(const Term& a, const Term& b) { return !a || b; }
Term ite(const Term& c, const Term& then_term, const Term& else_term) {
  return Term::make(Op::Ite, {c, then_term, else_term});
}
Term conj(const std::vector<Term>& terms) {
  return terms.empty() ? Term::boolean(true) : Term::make(Op::And, terms);
}
Term min(const Term& a, const Term& b) { return ite(a <= b, a, b); }
Term max(const Term& a, const Term& b) { return ite(a <= b, b, a); }
Term abs(const Term& a) { return ite(a < 0, -a, a); }
Term in_range(const Term& x, const Term& lo, const Term& hi) { return lo <= x && x <= hi; }

namespace {

std::int64_t arith(Op op, std::int64_t x, std::int64_t y) {
  std::int64_t r = 0;
  bool overflowed = op == Op::Add   ? __builtin_add_overflow(x, y, &r)
                    : op == Op::Sub ? __builtin_sub_overflow(x, y, &r)
                                    : __builtin_mul_overflow(x, y, &r);
  if (overflowed) throw std::overflow_error("term evaluation overflows int64");
  return r;
}

}  // namespace

std::int64_t evaluate(const Term& t, std::span<const std::int64_t> cur, std::span<const std::int64_t> next) {
  auto arg = [&](std::size_t i) { return evaluate(t.args()[i], cur, next); };
  switch (t.op()) {
    case Op::IntConst: case Op::BoolConst: return t.value();
    case Op::Var: {
      std::span<const std::int64_t> state = t.step() == Step::Cur ? cur : next;
      if (t.var_index() >= state.size()) throw std::out_of_range("term variable has no value");
      return state[t.var_index()];
    }
    case Op::Add: case Op::Sub: case Op::Mul: return arith(t.op(), arg(0), arg(1));
    case Op::Le: return arg(0) <= arg(1);
    case Op::Lt: return arg(0) < arg(1);
    case Op::Eq: return arg(0) == arg(1);
    case Op::And:
      for (std::size_t i = 0; i < t.args().size(); ++i)
        if (!arg(i)) return 0;
      return 1;
    case Op::Or:
      for (std::size_t i = 0; i < t.args().size(); ++i)
        if (arg(i)) return 1;
      return 0;
    case Op::Not: return !arg(0);
    case Op::Ite: return arg(0) ? arg(1) : arg(2);
  }
  throw std::logic_error("evaluate: unknown operator");
}

bool holds(const Term& t, std::span<const std::int64_t> cur, std::span<const std::int64_t> next) {
  return evaluate(t, cur, next) != 0;
}

}  // namespace vtick::checker::smt
