/* The Linux guest's probe: run by the initramfs's /init, it samples CLOCK_MONOTONIC,
 * CLOCK_REALTIME and jiffies, runs one periodic timer (a timerfd, the user-space
 * counterpart of our guest's kernel timer), and writes every event as a trace line
 * (probe_protocol.h) to the trace serial port, where the host stamps it on arrival. It ends
 * with an exit record and QEMU's isa-debug-exit, so that the host tells a probe that ran to
 * the end from a kernel that powered off or panicked. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/timerfd.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "realvm/linux/probe/probe_protocol.h"
#include "realvm/protocol.h"

static int trace_fd = -1;

static int64_t clock_ns(clockid_t clock) {
  struct timespec now;
  clock_gettime(clock, &now);
  return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/* One line, one write(): the host stamps a line when its newline arrives. */
static void trace(uint32_t kind, uint32_t id, int64_t guest_ns, int64_t arg) {
  char line[96];
  const int n = snprintf(line, sizeof line, "T %" PRIx32 " %" PRIx32 " %" PRIx64 " %" PRIx64 "\n", kind, id,
                         (uint64_t)guest_ns, (uint64_t)arg);
  if (write(trace_fd, line, (size_t)n) != n) {
    fprintf(stderr, "vtick-probe: trace write: %s\n", strerror(errno));
  }
}

/* Raw mode: no "\n" -> "\r\n" translation, which would tear the host's line format. */
static int open_trace_tty(void) {
  const int fd = open(VTICK_LINUX_TRACE_TTY, O_WRONLY | O_NOCTTY);
  struct termios mode;
  if (fd < 0 || tcgetattr(fd, &mode) != 0) return -1;
  cfmakeraw(&mode);
  return tcsetattr(fd, TCSANOW, &mode) == 0 ? fd : -1;
}

/* jiffies from /proc/schedstat's "timestamp" line: the only place user space reads the
 * raw tick count (times() scales it to USER_HZ). */
static int64_t jiffies(void) {
  FILE* f = fopen("/proc/schedstat", "r");
  char line[128];
  long long value = -1;
  while (f && fgets(line, sizeof line, f)) {
    if (sscanf(line, "timestamp %lld", &value) == 1) break;
  }
  if (f) fclose(f);
  return value;
}

static void current_clocksource(char name[64]) {
  FILE* f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");
  strcpy(name, "unknown");
  if (f) {
    if (fscanf(f, "%63s", name) != 1) strcpy(name, "unknown");
    fclose(f);
  }
}

/* Waits for the requested clocksource (probe_protocol.h says why), then reports the one in
 * use: the host compares the two. */
static void settle_clocksource(void) {
  const char* wanted = getenv(VTICK_LINUX_ENV_CLOCKSOURCE);
  const int64_t give_up = clock_ns(CLOCK_MONOTONIC) + VTICK_LINUX_CLOCKSOURCE_WAIT_NS;
  const struct timespec poll_interval = {0, 20000000};
  char name[64];
  current_clocksource(name);
  while (wanted && strcmp(name, wanted) != 0 && clock_ns(CLOCK_MONOTONIC) < give_up) {
    nanosleep(&poll_interval, NULL);
    current_clocksource(name);
  }
  fprintf(stderr, VTICK_LINUX_CLOCKSOURCE_PREFIX "%s\n", name);
}

static int64_t env_ns(const char* key) {
  const char* text = getenv(key);
  char* end = NULL;
  const long long value = text ? strtoll(text, &end, 10) : -1;
  if (!text || *end != '\0' || value <= 0) {
    fprintf(stderr, "vtick-probe: %s=%s: need a positive number of ns on the kernel command line\n", key,
            text ? text : "(missing)");
    return -1;
  }
  return value;
}

static int arm(int64_t origin, int64_t period) {
  const int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  const int64_t first = origin + period;
  const struct itimerspec spec = {{period / 1000000000, period % 1000000000}, {first / 1000000000, first % 1000000000}};
  if (fd < 0 || timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL) != 0) return -1;
  return fd;
}

static uint64_t expirations(int fd) {
  uint64_t count = 0;
  return read(fd, &count, sizeof count) == sizeof count ? count : 0;
}

/* QEMU's isa-debug-exit ends QEMU with (code << 1) | 1; PID 1 runs as root, so ioperm works. */
static void exit_vm(uint32_t code) {
  if (ioperm(VTICK_PORT_EXIT, 4, 1) == 0) outl(code, VTICK_PORT_EXIT);
  fprintf(stderr, "vtick-probe: isa-debug-exit did not end the VM: %s\n", strerror(errno));
}

int main(void) {
  const int64_t period = env_ns(VTICK_LINUX_ENV_PERIOD);
  const int64_t sample = env_ns(VTICK_LINUX_ENV_SAMPLE);
  const int64_t duration = env_ns(VTICK_LINUX_ENV_DURATION);
  trace_fd = open_trace_tty();
  if (trace_fd < 0) {
    fprintf(stderr, "vtick-probe: " VTICK_LINUX_TRACE_TTY ": %s\n", strerror(errno));
    return 1;
  }
  settle_clocksource();
  trace(VTICK_TRACE_BOOT, VTICK_LINUX_PROBE_VERSION, 0, 0);
  if (period < 0 || sample < 0 || duration < 0) {
    trace(VTICK_TRACE_EXIT, VTICK_EXIT_BAD_CONFIG, 0, 0);
    exit_vm(VTICK_EXIT_BAD_CONFIG);
    return 1;
  }

  const int64_t jiffies0 = jiffies();
  const int64_t origin = clock_ns(CLOCK_MONOTONIC);
  trace(VTICK_TRACE_CLOCK_START, 0, 0, 0);
  struct pollfd fds[2] = {{arm(origin, period), POLLIN, 0}, {arm(origin, sample), POLLIN, 0}};
  if (fds[0].fd < 0 || fds[1].fd < 0) {
    fprintf(stderr, "vtick-probe: timerfd: %s\n", strerror(errno));
    return 1;
  }
  trace(VTICK_TRACE_TIMER_ARMED, VTICK_LINUX_TIMER_ID, 0, period);
  uint64_t fired = 0;
  uint32_t samples = 0;
  int64_t now = 0;
  while (now < duration) {
    if (poll(fds, 2, -1) < 0 && errno != EINTR) {
      fprintf(stderr, "vtick-probe: poll: %s\n", strerror(errno));
      return 1;
    }
    if (fds[0].revents & POLLIN) {
      const uint64_t n = expirations(fds[0].fd);
      now = clock_ns(CLOCK_MONOTONIC) - origin;
      fired += n;
      if (n > 0) trace(VTICK_TRACE_TIMER_FIRED, VTICK_LINUX_TIMER_ID, now, (int64_t)fired * period);
      if (n > 1) trace(VTICK_LINUX_TRACE_OVERRUN, VTICK_LINUX_TIMER_ID, now, (int64_t)(n - 1));
    }
    if (fds[1].revents & POLLIN) {
      expirations(fds[1].fd);
      const int64_t ticks = jiffies() - jiffies0;
      const int64_t realtime = clock_ns(CLOCK_REALTIME);
      now = clock_ns(CLOCK_MONOTONIC) - origin;
      trace(VTICK_TRACE_CLOCK_SAMPLE, samples, now, ticks);
      trace(VTICK_LINUX_TRACE_REALTIME, samples, now, realtime);
      ++samples;
    }
  }
  trace(VTICK_TRACE_EXIT, VTICK_EXIT_OK, clock_ns(CLOCK_MONOTONIC) - origin, jiffies() - jiffies0);
  exit_vm(VTICK_EXIT_OK);
  return 1;
}
