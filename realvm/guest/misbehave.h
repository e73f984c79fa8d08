/* A hostile guest on request (boot config `misbehave`), so the same image tests the VMM's
 * defences: bad hypercalls and a timer flood return and let the run go on; the others never
 * return. */
#ifndef VTICK_GUEST_MISBEHAVE_H
#define VTICK_GUEST_MISBEHAVE_H

#include <stdint.h>

void misbehave(uint32_t how);

#endif
