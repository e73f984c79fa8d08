/* Leaving the VM: VTICK_PORT_EXIT (QEMU: -device isa-debug-exit,iobase=0x501). */
#ifndef VTICK_GUEST_VM_EXIT_H
#define VTICK_GUEST_VM_EXIT_H

#include <stdint.h>

__attribute__((noreturn)) void vm_exit(uint32_t code);
/* An unexpected CPU exception: print it, trace it, exit with VTICK_EXIT_EXCEPTION_BASE + vector. */
__attribute__((noreturn)) void vm_exit_with_fault(uint32_t vector, uint32_t eip, uint32_t error_code);

#endif
