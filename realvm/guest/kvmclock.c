#include "kvmclock.h"

#include "cpu.h"
#include "pvclock.h"

/* Linux Documentation/virt/kvm/x86/cpuid.rst and msr.rst. */
#define KVM_CPUID_SIGNATURE 0x40000000u
#define KVM_CPUID_FEATURES 0x40000001u
#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01u
#define KVM_SYSTEM_TIME_ENABLE 1u /* bit 0 of the MSR value */

/* The struct must be 4-byte aligned and may not cross a page; 32-byte alignment does both. */
static volatile struct pvclock_vcpu_time_info time_page __attribute__((aligned(32)));

int kvmclock_available(void) {
  uint32_t eax, ebx, ecx, edx;
  cpuid(KVM_CPUID_SIGNATURE, &eax, &ebx, &ecx, &edx);
  /* "KVMKVMKVM\0\0\0" in EBX, ECX, EDX. */
  if (ebx != 0x4b4d564bu || ecx != 0x564b4d56u || edx != 0x4du) {
    return 0;
  }
  cpuid(KVM_CPUID_FEATURES, &eax, &ebx, &ecx, &edx);
  return (eax & KVM_FEATURE_CLOCKSOURCE2) != 0;
}

void kvmclock_enable(void) {
  wrmsr(MSR_KVM_SYSTEM_TIME_NEW, (uint32_t)&time_page | KVM_SYSTEM_TIME_ENABLE);
}

uint64_t kvmclock_read_ns(void) {
  return pvclock_read_ns(&time_page);
}
