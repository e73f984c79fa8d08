// Errors the QEMU runner reports to its caller. How the guest ended is never one of them:
// that is a RunResult.
#pragma once

#include <stdexcept>

namespace vtick::realvm::qemu {

/// QEMU could not be started, or failed on its own (its stderr is in what()).
class QemuError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// qemu-system-x86_64 is not installed (not on PATH): tests skip on this one.
class QemuUnavailable : public QemuError {
 public:
  using QemuError::QemuError;
};

}  // namespace vtick::realvm::qemu
