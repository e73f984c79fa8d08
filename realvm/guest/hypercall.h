/* Hypercalls with arguments (realvm/protocol.h): arguments in the VMM's argument block,
 * out32 of the number, in32 of the result. */
#ifndef VTICK_GUEST_HYPERCALL_H
#define VTICK_GUEST_HYPERCALL_H

#include <stdint.h>

/* Where the VMM reads arguments (boot config hypercall_args_gpa); 0: only calls without
 * arguments are possible. */
void hypercall_init(uint32_t args_gpa);
uint32_t hypercall(uint32_t number, uint32_t timer_id, uint32_t generation, uint64_t deadline_ns);

#endif
