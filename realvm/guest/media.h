/* media (models/guest/periodic_timer_workload.hpp): frame k is due at exactly
 * k * 1e9 / fps ns of guest time; its timer is re-armed for the next frame's absolute
 * deadline, so a late frame does not push the later ones back. Each frame is one trace
 * record; the runner measures its lateness against the deadline in host time. */
#ifndef VTICK_GUEST_MEDIA_H
#define VTICK_GUEST_MEDIA_H

#include <stdint.h>

void media_start(uint32_t timer_id, uint32_t fps);

#endif
