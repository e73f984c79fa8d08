// Errors the VMM reports to its caller. Guest misbehaviour is never one of them: that is
// counted (see PortDevice) and the run goes on or ends with a reason in RunResult.
#pragma once

#include <stdexcept>
#include <string>

namespace vtick::realvm::vmm {

/// The VMM could not set up or run a VM; what() says which step and why.
class VmmError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// /dev/kvm is missing, not openable, or lacks a capability we need: the host cannot run
/// real VMs at all (tests skip on this one).
class KvmUnavailable : public VmmError {
 public:
  using VmmError::VmmError;
};

/// The guest image is not an ELF32 i386 executable this VMM can load.
class BadGuestImage : public VmmError {
 public:
  using VmmError::VmmError;
};

/// A VmConfig that cannot describe a run.
class BadVmConfig : public VmmError {
 public:
  using VmmError::VmmError;
};

/// "<what>: <strerror(errno)>" as a VmmError.
[[noreturn]] void throw_errno(const std::string& what);

}  // namespace vtick::realvm::vmm
