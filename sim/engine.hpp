#pragma once
// What advances simulated time. The SystemC engine is the one vtick runs on; the direct
// engine (a plain loop) exists so model logic can be unit-tested without a SystemC kernel,
// and as a cross-check: both must yield identical traces.
#include <memory>
#include <string>

#include "sim/time.hpp"

namespace vtick::sim {

class Simulation;

enum class EngineKind { SystemC, Direct };

class Engine {
 public:
  virtual ~Engine() = default;
  /// Dispatches, in order, every event of `sim` with time <= end.
  virtual void run(Simulation& sim, TimeNs end) = 0;
  [[nodiscard]] virtual std::string name() const = 0;
};

std::unique_ptr<Engine> make_engine(EngineKind kind);

}  // namespace vtick::sim
