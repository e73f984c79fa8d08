#pragma once
// The cases `vtick validate` runs: which shipped scenario, on which real VMM. The list is a
// rule over the scenario directories, so a new scenario file is validated without an edit:
//  - every scenarios/realvm/*.yaml on our VMM over /dev/kvm (`vtick realvm run`);
//  - those among them `vtick realvm qemu` accepts also under QEMU (emulation + discard, the
//    only scheme QEMU's own PIT implements, and no tcp_rto);
//  - every scenarios/linux/*.yaml as Debian's kernel under QEMU (`vtick realvm linux`).
#include <filesystem>
#include <string>
#include <vector>

namespace vtick::crosscheck {

enum class RealEngine { Kvm, Qemu, Linux };

struct ValidationCase {
  std::string id;  ///< "<engine>/<scenario file stem>", unique; names the case's directories
  std::filesystem::path scenario;
  RealEngine engine = RealEngine::Kvm;
};

[[nodiscard]] const char* engine_name(RealEngine engine);  ///< "kvm", "qemu", "linux"

/// The `vtick` arguments (after the program name) that record the case's trace into trace_dir.
[[nodiscard]] std::vector<std::string> recording_arguments(const ValidationCase& c,
                                                           const std::filesystem::path& trace_dir);

/// The cases under source_dir/scenarios, in a fixed order (engine, then file name).
[[nodiscard]] std::vector<ValidationCase> validation_cases(const std::filesystem::path& source_dir);

}  // namespace vtick::crosscheck
