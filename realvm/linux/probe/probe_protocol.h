/* What the Linux probe (probe.c) reports beyond realvm/protocol.h's record kinds, and the
 * kernel command-line keys it reads. Shared with the host side (realvm/linux), which parses
 * the probe's lines with realvm/qemu's trace-line parser.
 *
 * The probe writes realvm/protocol.h's text lines "T <kind> <id> <guest_ns> <arg>\n" (hex)
 * to its trace serial port. guest_ns is CLOCK_MONOTONIC minus its value at the
 * VTICK_TRACE_CLOCK_START record (the clock's origin, as in our own guest). Kinds it uses:
 *   VTICK_TRACE_BOOT          id: VTICK_LINUX_PROBE_VERSION, arg: 0
 *   VTICK_TRACE_CLOCK_START   id: 0, arg: 0 (HZ is the kernel's: the host reads its config)
 *   VTICK_TRACE_CLOCK_SAMPLE  id: sample number, arg: jiffies since the origin
 *   VTICK_TRACE_TIMER_ARMED   id: VTICK_LINUX_TIMER_ID, arg: first due time
 *   VTICK_TRACE_TIMER_FIRED   id: VTICK_LINUX_TIMER_ID, guest_ns: when read() returned, arg: the due
 *                             time of the latest expiry that read() reported
 *   VTICK_TRACE_EXIT          id: enum vtick_exit_code, arg: jiffies since the origin
 * and the two below. */
#ifndef VTICK_REALVM_LINUX_PROBE_PROTOCOL_H
#define VTICK_REALVM_LINUX_PROBE_PROTOCOL_H

#define VTICK_LINUX_PROBE_VERSION 1u
#define VTICK_LINUX_TIMER_ID 1u

enum vtick_linux_trace_kind {
  /* id: sample number (as the CLOCK_SAMPLE it follows), guest_ns: the same monotonic
   * reading, arg: CLOCK_REALTIME in ns since the epoch. */
  VTICK_LINUX_TRACE_REALTIME = 0x40,
  /* id: VTICK_LINUX_TIMER_ID, guest_ns: now, arg: expiries the read() reported beyond the
   * first (periods the probe ran too late to see one by one). */
  VTICK_LINUX_TRACE_OVERRUN = 0x41,
};

/* Kernel command-line keys. The kernel hands `key=value` words it does not know (and
 * without a '.', which would make them module parameters) to init as environment
 * variables; the init script passes its environment on to the probe. All in ns. */
#define VTICK_LINUX_ENV_PERIOD "vtick_period_ns"
#define VTICK_LINUX_ENV_SAMPLE "vtick_sample_ns"
#define VTICK_LINUX_ENV_DURATION "vtick_duration_ns"
/* The clocksource asked for with clocksource=: the probe waits (up to
 * VTICK_LINUX_CLOCKSOURCE_WAIT_NS) until the kernel uses it before its clock starts. On x86
 * the kernel boots on "tsc-early" and switches to "tsc" only once its refined calibration
 * is done, about a second after init starts under TCG: a switch mid-run changed the
 * clock's rate and made timers fire early by host time. */
#define VTICK_LINUX_ENV_CLOCKSOURCE "vtick_clocksource"
#define VTICK_LINUX_CLOCKSOURCE_WAIT_NS 10000000000ll

/* The serial port the trace goes to (QEMU's second -serial); ttyS0 is the console, whose
 * kernel messages would otherwise interleave with trace lines mid-line. */
#define VTICK_LINUX_TRACE_TTY "/dev/ttyS1"

/* The line the probe writes to its console to say which clocksource the kernel chose. */
#define VTICK_LINUX_CLOCKSOURCE_PREFIX "vtick-probe: clocksource="

#endif
