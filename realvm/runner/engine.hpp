#pragma once
// What runs the guest of a real-VM scenario run: our VMM on /dev/kvm, or QEMU (TCG, or on
// /dev/kvm with KVM's in-kernel devices). summary.json's realvm.engine names it, because
// the tick source and what can be measured differ between them (docs/realvm.md). The engine
// is the simulator's vmm.engine (sim::VmmEngine, one name table: sim/scenario_names.hpp), so
// a cross-check predicts a trace with the costs of the engine that recorded it.
// realvm/linux's runs are qemu_tcg_linux; this runner takes kvm, qemu_tcg and qemu_kvm.
#include <string_view>

#include "sim/scenario_names.hpp"

namespace vtick::realvm::runner {

using Engine = sim::VmmEngine;

[[nodiscard]] inline std::string_view engine_name(Engine engine) { return sim::name_of(engine); }

[[nodiscard]] constexpr bool is_qemu(Engine engine) { return engine != Engine::kvm; }

}  // namespace vtick::realvm::runner
