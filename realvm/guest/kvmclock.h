/* KVM's paravirtual clock: the guest names a page, the host keeps a pvclock struct in it. */
#ifndef VTICK_GUEST_KVMCLOCK_H
#define VTICK_GUEST_KVMCLOCK_H

#include <stdint.h>

/* CPUID says this is KVM and it offers MSR_KVM_SYSTEM_TIME_NEW. */
int kvmclock_available(void);
/* Register our pvclock page with the host. */
void kvmclock_enable(void);
/* Host-maintained time since the host's kvmclock epoch, in ns. */
uint64_t kvmclock_read_ns(void);

#endif
