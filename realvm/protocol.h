/*
 * The guest <-> VMM ABI of vtick's real-VM implementation.
 *
 * Plain C so that both the freestanding 32-bit guest (realvm/guest/) and the C++ VMM
 * (realvm/vmm/) include the same definitions. All multi-byte fields are little-endian
 * (x86). Every struct's layout is pinned by the static asserts at the bottom: the guest is
 * ILP32 and the VMM LP64, so no field may depend on the size of long or of a pointer.
 *
 * Boot: the VMM enters the guest's ELF entry in 32-bit protected mode with flat 4 GiB
 * segments, EAX = VTICK_BOOT_MAGIC and EBX = the guest-physical address of a
 * struct vtick_boot_config. A Multiboot v1 loader (QEMU -kernel) enters with
 * EAX = 0x2BADB002 and EBX = its Multiboot info; the guest then fills the same struct from
 * built-in defaults overridden by the Multiboot command line (QEMU -append), whose words
 * after the first (the image path, which QEMU and GRUB put there) are
 *   scheme=user_pit|kernel_pit hz=N clock=jiffies|kvmclock period_ns=N sample_ns=N
 *   duration_ns=N seed=N workload=periodic_timer|media|cron fps=N interval_ns=N at_ns=N
 *                               (N decimal, or hex with 0x)
 * (tcp_rto needs the ACK ring and hypercall below, which only our VMM provides.)
 * Any other word ends the run with a console line naming it and VTICK_EXIT_BAD_CONFIG.
 *
 * Trace: the guest fills a struct vtick_trace_record in its own memory and does ONE 32-bit
 * `out` of the record's guest-physical address to VTICK_PORT_TRACE. That exit is where the
 * VMM stamps the record with host CLOCK_MONOTONIC, so one record costs one VM exit.
 * Under a Multiboot loader (QEMU has no device for that port, and 0x510 is QEMU's fw_cfg
 * selector) the guest instead writes each record as one text line, byte by byte, to
 * VTICK_PORT_TRACE_TEXT (a second QEMU isa-debugcon):
 *   "T <kind> <id> <guest_ns> <arg>\n"   every field lower-case hex without 0x
 * The QEMU runner stamps a line with host CLOCK_MONOTONIC when its newline arrives.
 */
#ifndef VTICK_REALVM_PROTOCOL_H
#define VTICK_REALVM_PROTOCOL_H

#include <stdint.h>

/* 3: outsourced timers delivered by the host kernel (host_cq_* boot config fields,
 * VTICK_HYPERCALL_QUEUE_FULL). 4: the boot config grew the workload fields (struct
 * vtick_boot_config), the tcp_rto ACK ring and hypercall, and trace kinds 13-17; records
 * 1-12 are unchanged. */
#define VTICK_ABI_VERSION 4u

/* EAX at entry when our VMM boots the guest ("vtik"); Multiboot loaders pass 0x2BADB002. */
#define VTICK_BOOT_MAGIC 0x6b697476u
#define VTICK_MULTIBOOT_LOADER_MAGIC 0x2BADB002u

/* Where the VMM writes struct vtick_boot_config: below the 1 MiB load address, above the
 * real-mode IVT/BDA, in memory the guest image never covers. */
#define VTICK_BOOT_CONFIG_GPA 0x8000u
#define VTICK_BOOT_CONFIG_MAGIC 0x666e6376u /* "vcnf" */

/* I/O ports. */
#define VTICK_PORT_CONSOLE 0x00E9u   /* out8: one character; QEMU's isa-debugcon default port */
#define VTICK_PORT_EXIT 0x0501u      /* out8/16/32: exit code; QEMU's isa-debug-exit default port */
#define VTICK_PORT_TRACE 0x0510u     /* out32: guest-physical address of a trace record */
#define VTICK_PORT_HYPERCALL 0x0511u /* out32: hypercall number; then in32: its result */
#define VTICK_PORT_NOP 0x0512u       /* out32: ignored; exists to time a bare VM exit */
/* A port no device claims; the guest touches it on request to test the VMM's counting. */
#define VTICK_PORT_UNCLAIMED 0x0513u
/* out8: trace records as text lines (Multiboot boots only). Free in QEMU's PC I/O map:
 * clear of fw_cfg (0x510-0x51b) and of SeaBIOS's debug port 0x402. */
#define VTICK_PORT_TRACE_TEXT 0x0520u

/* Where the VMM keeps the pages it shares with the guest, between the boot config and the
 * 1 MiB load address; the boot config gives each address, so only the VMM relies on these. */
#define VTICK_HYPERCALL_ARGS_GPA 0x9000u
#define VTICK_TIMER_RING_GPA 0x9100u
#define VTICK_ACK_RING_GPA 0x9400u
#define VTICK_PVCLOCK_PAGE_GPA 0xA000u
#define VTICK_VMM_AREA_END 0xB000u

/* Hypercalls (VTICK_PORT_HYPERCALL). The guest writes a call's arguments into
 * struct vtick_hypercall_args (at boot config hypercall_args_gpa), does an out32 of the call
 * number, then an in32 for the result. The VMM reads the arguments at the out, so the three
 * steps must not be interleaved with another call (one vCPU, interrupts off around them). */
#define VTICK_HYPERCALL_ABI_VERSION 1u /* no arguments; result: VTICK_ABI_VERSION */
/* Timer outsourcing (scheme VTICK_SCHEME_OUTSOURCED): arm (add_timer and mod_timer alike)
 * timer_id to fire when kvmclock reaches deadline_ns, replacing any earlier arming; the
 * expiry comes back as {timer_id, generation} in the timer ring plus an edge on
 * VTICK_OUTSOURCED_TIMER_IRQ. */
#define VTICK_HYPERCALL_TIMER_ARM 2u
/* Disarm timer_id (deadline_ns unused). An expiry already in the ring stays there: the
 * guest drops it by its generation. */
#define VTICK_HYPERCALL_TIMER_CANCEL 3u
/* tcp_rto: segment `timer_id` (the argument block's first field carries the segment
 * number) left the guest and was not lost: the VMM, standing in for the network and the
 * peer, delivers its ACK into the ACK ring after the scenario's rtt of host
 * CLOCK_MONOTONIC, with an edge on VTICK_TCP_ACK_IRQ. Refused (NOT_ENABLED) unless the
 * boot config's workload is tcp_rto, and RATE_LIMITED beyond VTICK_ACK_RING_SIZE ACKs in
 * flight. */
#define VTICK_HYPERCALL_TCP_SEND 4u
/* Results. */
#define VTICK_HYPERCALL_OK 0u
#define VTICK_HYPERCALL_QUEUE_FULL 0xFFFFFFFAu     /* host_kernel delivery: drain the completion queue first */
#define VTICK_HYPERCALL_UNKNOWN_RESULT 0xFFFFFFFFu /* no such call number */
#define VTICK_HYPERCALL_BAD_TIMER 0xFFFFFFFEu      /* timer_id >= VTICK_OUTSOURCED_MAX_TIMERS */
#define VTICK_HYPERCALL_BAD_DEADLINE 0xFFFFFFFDu   /* more than VTICK_OUTSOURCED_MAX_HORIZON_NS ahead */
#define VTICK_HYPERCALL_RATE_LIMITED 0xFFFFFFFCu   /* over the VMM's timer-hypercall budget */
#define VTICK_HYPERCALL_NOT_ENABLED 0xFFFFFFFBu    /* timer call outside the outsourced scheme */

/* One host timer per slot: the guest can never make the VMM hold more. */
#define VTICK_OUTSOURCED_MAX_TIMERS 16u
/* A deadline further ahead than this (1 hour of kvmclock) is a guest bug, not a timer. */
#define VTICK_OUTSOURCED_MAX_HORIZON_NS 3600000000000ull
/* The expiry interrupt: a line of its own, so it never merges with a PIT tick (IRQ 0). */
#define VTICK_OUTSOURCED_TIMER_IRQ 5u

struct vtick_hypercall_args {
  uint32_t timer_id;
  uint32_t generation; /* the guest's count of armings of timer_id; echoed in its expiry */
  uint64_t deadline_ns; /* kvmclock ns (the pvclock reading, not the run's clock origin) */
};

/* Single producer (the VMM's host-timer thread), single consumer (the guest's IRQ handler).
 * The VMM writes entries[head % size] and then advances head; the guest reads entries up to
 * head and then advances tail. Indices are free-running 32-bit counters. The ring holds one
 * expiry per slot and more: only a guest that re-arms expired timers faster than it drains
 * the ring can fill it, and the VMM counts each expiry it had to drop. */
#define VTICK_TIMER_RING_SIZE 64u
struct vtick_timer_expiry {
  uint32_t timer_id;
  uint32_t generation;
};
struct vtick_timer_ring {
  uint32_t head; /* written by the VMM */
  uint32_t tail; /* written by the guest */
  struct vtick_timer_expiry entries[VTICK_TIMER_RING_SIZE];
};

/* Outsourced timers delivered by the host kernel (no VMM thread in the delivery path).
 * The VMM arms each guest timer as an io_uring timeout (IORING_OP_TIMEOUT, absolute,
 * CLOCK_MONOTONIC); an eventfd registered with that io_uring is also a KVM_IRQFD for
 * VTICK_OUTSOURCED_TIMER_IRQ, so the kernel raises the interrupt when it posts the
 * completion. The io_uring's completion queue (CQ) ring is mapped READ-ONLY into the guest
 * at boot config host_cq_gpa: the kernel writes each completion (struct vtick_host_cqe,
 * the layout of struct io_uring_cqe) straight into guest-visible memory. The guest reads
 * entries [consumed, *tail) at host_cq_gpa + host_cq_cqes_offset, index & (entries - 1),
 * and publishes how many it has consumed in the timer ring's `tail` (its RAM; the ring's
 * `head` and entries are unused in this mode). The VMM frees CQ slots up to that count at
 * the guest's next timer hypercall. user_data: bits 0-7 kind, 8-15 timer id, 32-63
 * generation. An expiry has kind VTICK_HOST_CQE_TIMER and res VTICK_HOST_CQE_ETIME;
 * everything else (a removed timeout, res -ECANCELED; the VMM's TIMEOUT_REMOVE requests)
 * is bookkeeping the guest skips. */
#define VTICK_HOST_CQ_GPA 0xC0000000u /* above the most RAM a VmConfig allows (3 GiB) */
/* The interrupt, by default: an MSI to the local APIC (fixed delivery, edge, APIC ID 0) at
 * this vector, which the guest acknowledges with a LAPIC EOI. KVM injects an MSI irqfd in
 * the eventfd's wake-up itself; a PIC pin (boot config host_cq_msi_vector 0: IRQ 5 as with
 * the VMM's ring) goes through a kernel workqueue. */
#define VTICK_HOST_CQ_MSI_VECTOR 0x30u
#define VTICK_HOST_CQE_TIMER 1u
#define VTICK_HOST_CQE_REMOVE 2u
#define VTICK_HOST_CQE_ETIME (-62) /* -ETIME: the timeout expired */
#define VTICK_HOST_CQE_USER_DATA(kind, timer_id, generation) \
  ((uint64_t)(kind) | ((uint64_t)((timer_id) & 0xffu) << 8) | ((uint64_t)(generation) << 32))
struct vtick_host_cqe {
  uint64_t user_data;
  int32_t res;
  uint32_t flags;
};

/* tcp_rto ACKs, VMM to guest: the same single-producer ring discipline as the timer ring,
 * one segment number per entry, and an edge on VTICK_TCP_ACK_IRQ (a line of its own: IRQ 0
 * is the tick, IRQ 5 outsourced expiries). One segment is outstanding at a time, so a
 * handful of entries is plenty. */
#define VTICK_ACK_RING_SIZE 16u
#define VTICK_TCP_ACK_IRQ 6u
struct vtick_ack_ring {
  uint32_t head; /* written by the VMM */
  uint32_t tail; /* written by the guest */
  uint32_t segments[VTICK_ACK_RING_SIZE];
};

/* How the periodic tick reaches the guest. The guest programs PIT channel 0 either way;
 * the scheme decides who emulates it. */
enum vtick_timer_scheme {
  VTICK_SCHEME_USER_PIT = 1,   /* the VMM's user-space timer thread raises IRQ0 */
  VTICK_SCHEME_KERNEL_PIT = 2, /* KVM's in-kernel PIT (KVM_CREATE_PIT2) raises IRQ0 */
  /* No periodic tick: each guest timer is a host timer (timer outsourcing, hypercalls
   * above); jiffies follow kvmclock, which this scheme requires. */
  VTICK_SCHEME_OUTSOURCED = 3,
};

/* Where the guest's clock comes from. Timers are jiffies-based in both cases. */
enum vtick_clock_kind {
  VTICK_CLOCK_JIFFIES = 1,  /* clock = jiffies * tick length: lost ticks are lost time */
  VTICK_CLOCK_KVMCLOCK = 2, /* clock = pvclock page (MSR 0x4b564d01); jiffies follow it */
  /* clock = a pvclock page a VMM thread rewrites from user space (boot config
   * vmm_pvclock_gpa); jiffies follow it. */
  VTICK_CLOCK_VMM_PVCLOCK = 3,
};

/* struct vtick_boot_config.misbehave: a hostile guest, for testing the VMM's defences. */
enum vtick_misbehaviour {
  VTICK_MISBEHAVE_NONE = 0,
  VTICK_MISBEHAVE_BAD_HYPERCALLS = 1, /* unknown number, timer id out of range, absurd deadline */
  VTICK_MISBEHAVE_TIMER_FLOOD = 2,    /* thousands of arm hypercalls on every id, in range or not */
  VTICK_MISBEHAVE_TRIPLE_FAULT = 3,   /* empty IDT, then ud2: KVM_EXIT_SHUTDOWN */
  VTICK_MISBEHAVE_SPIN = 4,           /* never halts, never exits: only the timeout ends it */
};

/* struct vtick_boot_config.workload: which of the simulator's timer workloads
 * (models/guest/) the guest runs next to its clock sampler. */
enum vtick_workload_kind {
  VTICK_WORKLOAD_PERIODIC_TIMER = 1, /* a timer re-armed every period_ns */
  VTICK_WORKLOAD_MEDIA = 2,          /* frame k due at k * 1e9 / fps guest ns */
  VTICK_WORKLOAD_TCP_RTO = 3,        /* a segment every interval_ns, an rto_ns retransmission timer */
  VTICK_WORKLOAD_CRON = 4,           /* a check every interval_ns; the job runs once at_ns has come */
};

/* struct vtick_boot_config.flags */
#define VTICK_FLAG_TOUCH_UNCLAIMED_PORT 0x1u /* out8 + in8 on VTICK_PORT_UNCLAIMED at boot */
/* The exit benchmark times `exit_bench_iterations` TIMER_ARM + TIMER_CANCEL hypercall pairs
 * instead of NOP-port outs (outsourced scheme only: no other scheme serves timer calls). */
#define VTICK_FLAG_HYPERCALL_BENCH 0x2u

struct vtick_boot_config {
  uint32_t magic;       /* VTICK_BOOT_CONFIG_MAGIC */
  uint32_t abi_version; /* VTICK_ABI_VERSION */
  uint32_t scheme;      /* enum vtick_timer_scheme; echoed in the boot record */
  uint32_t hz;          /* PIT channel 0 rate the guest programs, 1..1000 */
  uint32_t clock;       /* enum vtick_clock_kind */
  uint32_t flags;       /* VTICK_FLAG_* */
  uint64_t period_ns;          /* the self-re-arming workload timer's period */
  uint64_t sample_interval_ns; /* how often the guest traces a clock sample */
  uint64_t duration_ns;        /* the guest exits once its own clock reaches this */
  uint64_t seed;               /* identifies the run; echoed in the boot record */
  uint32_t exit_bench_iterations; /* >0: time that many NOP-port exits (or hypercall pairs), then exit */
  uint32_t misbehave;             /* enum vtick_misbehaviour; 0: behave */
  uint32_t hypercall_args_gpa;    /* struct vtick_hypercall_args */
  uint32_t timer_ring_gpa;        /* struct vtick_timer_ring; 0 unless scheme is outsourced */
  uint32_t vmm_pvclock_gpa;       /* struct pvclock_vcpu_time_info the VMM keeps; 0 unless clock is vmm_pvclock */
  /* Outsourced timers delivered by the host kernel (above); all 0 for the VMM-thread ring. */
  uint32_t host_cq_gpa;           /* the read-only CQ ring mapping */
  uint32_t host_cq_tail_offset;   /* of the kernel's uint32_t tail, from host_cq_gpa */
  uint32_t host_cq_cqes_offset;   /* of the first struct vtick_host_cqe */
  uint32_t host_cq_entries;       /* a power of two */
  uint32_t host_cq_msi_vector;    /* VTICK_HOST_CQ_MSI_VECTOR, or 0: the expiry interrupt is PIC IRQ 5 */
  uint32_t workload;              /* enum vtick_workload_kind */
  uint32_t fps;                   /* media: frames per second, 1..1000 */
  uint32_t ack_ring_gpa;          /* tcp_rto: struct vtick_ack_ring; 0 otherwise */
  uint32_t reserved;              /* zero; aligns interval_ns to 8 bytes for the 32-bit guest and the 64-bit VMM alike */
  uint64_t interval_ns;           /* tcp_rto: between segments; cron: between checks */
  uint64_t rto_ns;                /* tcp_rto: the retransmission timeout, guest time */
  uint64_t at_ns;                 /* cron: the job's due time, guest wall clock */
  /* tcp_rto's loss draws: xoshiro256** seeded through splitmix64 from workload_seed (the
   * simulator's sim::stream_seed(run seed, "tcp/<name>")); a segment is lost when a draw's
   * top 53 bits are below loss_threshold (= loss * 2^53, rounded up: the simulator's
   * uniform() < loss, exactly). */
  uint64_t workload_seed;
  uint64_t loss_threshold;
};

/* Trace record kinds. guest_ns is the guest's own clock (enum vtick_clock_kind) at the
 * event; "due" is a timer's expiry converted to the same clock. */
enum vtick_trace_kind {
  VTICK_TRACE_BOOT = 1,          /* id: ABI version, guest_ns: 0, arg: seed */
  VTICK_TRACE_CLOCK_START = 2,   /* id: clock kind, guest_ns: 0 (the clock's origin), arg: hz */
  VTICK_TRACE_CLOCK_SAMPLE = 3,  /* id: sample number, guest_ns: clock, arg: jiffies */
  VTICK_TRACE_TIMER_ARMED = 4,   /* id: timer id, guest_ns: now, arg: due */
  VTICK_TRACE_TIMER_FIRED = 5,   /* id: timer id, guest_ns: now, arg: due */
  VTICK_TRACE_TICK_SUMMARY = 6,  /* id: 0, guest_ns: now, arg: timer interrupts handled */
  VTICK_TRACE_EXIT = 7,          /* id: exit code, guest_ns: now, arg: jiffies */
  /* Exit benchmark (no clock runs, so guest_ns is 0): between these two records the guest
   * does `id` outs to VTICK_PORT_NOP, or with VTICK_FLAG_HYPERCALL_BENCH `id` arm + cancel
   * hypercall pairs. */
  VTICK_TRACE_BENCH_BEGIN = 8,   /* id: iterations, guest_ns: 0, arg: guest TSC */
  VTICK_TRACE_BENCH_END = 9,     /* id: iterations, guest_ns: 0, arg: guest TSC */
  VTICK_TRACE_TIMER_CANCELLED = 10, /* id: timer id, guest_ns: now, arg: del_timer()'s result (1: was pending) */
  /* Outsourced timers: an expiry the guest dropped because a del/mod had overtaken it. */
  VTICK_TRACE_STALE_EXPIRY = 11,    /* id: timer id, guest_ns: now, arg: the expiry's generation */
  /* A timer hypercall the VMM refused. */
  VTICK_TRACE_HYPERCALL_ERROR = 12, /* id: call number, guest_ns: now, arg: the result */
  /* Workloads (ABI 3). Lateness is the record's host stamp (since the clock's origin) minus
   * the due time the simulator measures against. */
  VTICK_TRACE_MEDIA_FRAME = 13, /* id: frame k, guest_ns: now, arg: its deadline k * 1e9 / fps */
  VTICK_TRACE_TCP_SEND = 14,    /* id: segment, guest_ns: now, arg: 1 if the draw lost it */
  VTICK_TRACE_TCP_ACK = 15,     /* id: segment, guest_ns: now, arg: 1 if it was the outstanding one */
  /* The retransmission timer ran for an outstanding segment; due rto_ns after its send. */
  VTICK_TRACE_TCP_RTO = 16,     /* id: segment, guest_ns: now, arg: 1 if lost (else spurious) */
  VTICK_TRACE_CRON_CHECK = 17,  /* id: check number, guest_ns: wall clock, arg: 1 if the job ran */
};

struct vtick_trace_record {
  uint32_t kind; /* enum vtick_trace_kind */
  uint32_t id;
  uint64_t guest_ns;
  uint64_t arg;
};

/* Guest exit codes (VTICK_PORT_EXIT). */
enum vtick_exit_code {
  VTICK_EXIT_OK = 0,
  VTICK_EXIT_BAD_CONFIG = 1,      /* boot config or Multiboot command line unusable */
  VTICK_EXIT_NO_KVMCLOCK = 2,     /* kvmclock asked for, CPUID does not offer it */
  VTICK_EXIT_ABI_MISMATCH = 3,    /* hypercall ABI version differs from ours */
  VTICK_EXIT_EXCEPTION_BASE = 0x80, /* + vector: an unexpected CPU exception */
};

#ifdef __cplusplus
#define VTICK_STATIC_ASSERT static_assert
#else
#define VTICK_STATIC_ASSERT _Static_assert
#endif
VTICK_STATIC_ASSERT(sizeof(struct vtick_boot_config) == 152, "boot config layout");
VTICK_STATIC_ASSERT(__builtin_offsetof(struct vtick_boot_config, interval_ns) == 112, "boot config layout");
VTICK_STATIC_ASSERT(sizeof(struct vtick_ack_ring) == 8 + 4 * VTICK_ACK_RING_SIZE, "ACK ring layout");
VTICK_STATIC_ASSERT(VTICK_TIMER_RING_GPA + sizeof(struct vtick_timer_ring) <= VTICK_ACK_RING_GPA, "shared area layout");
VTICK_STATIC_ASSERT(VTICK_ACK_RING_GPA + sizeof(struct vtick_ack_ring) <= VTICK_PVCLOCK_PAGE_GPA, "shared area layout");
VTICK_STATIC_ASSERT(__builtin_offsetof(struct vtick_boot_config, hypercall_args_gpa) == 64, "boot config layout");
VTICK_STATIC_ASSERT(sizeof(struct vtick_hypercall_args) == 16, "hypercall args layout");
VTICK_STATIC_ASSERT(sizeof(struct vtick_timer_ring) == 8 + 8 * VTICK_TIMER_RING_SIZE, "timer ring layout");
VTICK_STATIC_ASSERT(VTICK_TIMER_RING_GPA + sizeof(struct vtick_timer_ring) <= VTICK_PVCLOCK_PAGE_GPA, "shared area layout");
VTICK_STATIC_ASSERT(__builtin_offsetof(struct vtick_boot_config, period_ns) == 24, "boot config layout");
VTICK_STATIC_ASSERT(__builtin_offsetof(struct vtick_boot_config, exit_bench_iterations) == 56, "boot config layout");
VTICK_STATIC_ASSERT(sizeof(struct vtick_host_cqe) == 16, "io_uring_cqe layout");
VTICK_STATIC_ASSERT(sizeof(struct vtick_trace_record) == 24, "trace record layout");
VTICK_STATIC_ASSERT(__builtin_offsetof(struct vtick_trace_record, guest_ns) == 8, "trace record layout");
#undef VTICK_STATIC_ASSERT

#endif
