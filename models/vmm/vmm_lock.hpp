#pragma once
// QEMU's global lock (the BQL) as its main loop and vCPU thread share it under TCG. The main
// loop holds it while it runs its timers and lets it go before it polls again; a vCPU thread
// kicked out of its halt by an interrupt one of those timers raised needs it to take the
// interrupt. So a kick while the main loop still holds it makes the vCPU run a little
// (vmm.vcpu_lock_attempt), block, and wake again when the main loop lets the lock go; a host
// scheduler that runs the vCPU first then has the main loop wait behind it. The trace of a real
// run shows this pattern (docs/loadcurve.md); the lock itself is inferred from it. Only the
// timer thread takes the lock here: QEMU's other users of it are not modelled.
namespace vtick::models::vmm {

/// Who waits for the lock: the vCPU thread.
class LockWaiter {
 public:
  virtual void on_lock_released() = 0;

 protected:
  ~LockWaiter() = default;
};

class VmmLock {
 public:
  void take() { held_ = true; }
  /// Lets the lock go and wakes its waiter, if any.
  void release() {
    held_ = false;
    LockWaiter* waiter = waiter_;
    waiter_ = nullptr;
    if (waiter != nullptr) waiter->on_lock_released();
  }
  [[nodiscard]] bool held() const { return held_; }
  /// `waiter` blocks until the next release().
  void wait(LockWaiter& waiter) { waiter_ = &waiter; }

 private:
  bool held_ = false;
  LockWaiter* waiter_ = nullptr;
};

}  // namespace vtick::models::vmm
