#pragma once
// Linear integer terms for transition systems, independent of any solver: the models are
// written once and both translated to Z3 (z3_adapter) and evaluated in plain C++ arithmetic
// (to re-check counterexamples without trusting the solver).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace vtick::checker::smt {

enum class Sort { Int, Bool };
// A variable refers to the current state or to the next one (only transitions use Next).
enum class Step { Cur, Next };
enum class Op { IntConst, BoolConst, Var, Add, Sub, Mul, Le, Lt, Eq, And, Or, Not, Ite };

class Term {
 public:
  Term(std::int64_t value);  // NOLINT: implicit so that `x + 1` and `x == 0` read naturally
  static Term boolean(bool value);
  static Term var(std::size_t index, Step step);
  // Builds a node; throws std::invalid_argument on a sort error or a nonlinear product.
  static Term make(Op op, std::vector<Term> args);

  Op op() const;
  Sort sort() const;
  std::int64_t value() const;  // IntConst / BoolConst (0 or 1)
  std::size_t var_index() const;
  Step step() const;
  const std::vector<Term>& args() const;
  bool mentions_next() const;

 private:
  struct Node;
  explicit Term(std::shared_ptr<const Node> node);
  std::shared_ptr<const Node> node_;
};

Term operator+(const Term& a, const Term& b);
Term operator-(const Term& a, const Term& b);
Term operator-(const Term& a);
Term operator*(const Term& a, const Term& b);  // one side must be a constant
Term operator<=(const Term& a, const Term& b);
Term operator<(const Term& a, const Term& b);
Term operator>=(const Term& a, const Term& b);
Term operator>(const Term& a, const Term& b);
Term operator==(const Term& a, const Term& b);
Term operator!=(const Term& a, const Term& b);
Term operator&&(const Term& a, const Term& b);
Term operator||(const Term& a, const Term& b);
Term operator!(const Term& a);
Term implies(const Term& a, const Term& b);
Term ite(const Term& c, const Term& then_term, const Term& else_term);
Term conj(const std::vector<Term>& terms);  // true when empty
Term min(const Term& a, const Term& b);
Term max(const Term& a, const Term& b);
Term abs(const Term& a);
Term in_range(const Term& x, const Term& lo, const Term& hi);  // lo <= x <= hi

// Plain C++ evaluation (booleans as 0/1); throws std::overflow_error on int64 overflow.
std::int64_t evaluate(const Term& t, std::span<const std::int64_t> cur,
                      std::span<const std::int64_t> next = {});
bool holds(const Term& t, std::span<const std::int64_t> cur, std::span<const std::int64_t> next = {});

}  // namespace vtick::checker::smt
