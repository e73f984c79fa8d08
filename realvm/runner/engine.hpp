#pragma once
// What runs the guest of a real-VM scenario run: our VMM on /dev/kvm, or QEMU (TCG, or on
// /dev/kvm with KVM's in-kernel devices). summary.json's realvm.engine names it, because
// the tick source and what can be measured differ between them (docs/realvm.md).
#include <string_view>

namespace vtick::realvm::runner {

enum class Engine {
  kvm,       ///< our VMM (realvm/vmm) on /dev/kvm
  qemu_tcg,  ///< qemu-system-x86_64 with its own CPU emulation
  qemu_kvm,  ///< qemu-system-x86_64 -enable-kvm
};

[[nodiscard]] constexpr std::string_view engine_name(Engine engine) {
  switch (engine) {
    case Engine::kvm: return "kvm";
    case Engine::qemu_tcg: return "qemu-tcg";
    case Engine::qemu_kvm: return "qemu-kvm";
  }
  return "unknown";
}

[[nodiscard]] constexpr bool is_qemu(Engine engine) { return engine != Engine::kvm; }

}  // namespace vtick::realvm::runner
