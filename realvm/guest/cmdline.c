#include "cmdline.h"

#include "console.h"

static int is_space(char c) {
  return c == ' ' || c == '\t';
}

/* The word at `text`, `length` bytes, printed without its surroundings (the command line
 * is not ours to modify, so no NUL is written into it). */
static uint32_t reject(const char* text, uint32_t length, const char* why) {
  char word[48];
  uint32_t n = 0;
  while (n < length && n < sizeof word - 1) {
    word[n] = text[n];
    ++n;
  }
  word[n] = '\0';
  console_write("vtick guest: bad command line word '");
  console_write(word);
  console_write("': ");
  console_write(why);
  console_write("\n");
  return VTICK_EXIT_BAD_CONFIG;
}

static int digit_value(char c, uint32_t base) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (base == 16 && c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

/* Decimal, or hex after 0x. Returns 0 on success. The overflow test avoids a 64-bit
 * division, which would need libgcc. */
static int parse_u64(const char* text, uint32_t length, uint64_t* out) {
  uint32_t base = 10;
  if (length > 2 && text[0] == '0' && text[1] == 'x') {
    base = 16;
    text += 2;
    length -= 2;
  }
  if (length == 0) {
    return -1;
  }
  uint64_t value = 0;
  for (uint32_t i = 0; i < length; ++i) {
    const int digit = digit_value(text[i], base);
    if (digit < 0) {
      return -1;
    }
    if (base == 16 ? (value >> 60) != 0
                   : value > 1844674407370955161ull || (value == 1844674407370955161ull && digit > 5)) {
      return -1;
    }
    value = value * base + (uint64_t)digit;
  }
  *out = value;
  return 0;
}

static int equals(const char* text, uint32_t length, const char* word) {
  uint32_t i = 0;
  while (i < length && word[i] != '\0' && text[i] == word[i]) {
    ++i;
  }
  return i == length && word[i] == '\0';
}

/* One key=value word. Returns 0 or why it is unusable. */
static const char* apply_word(const char* key, uint32_t key_length, const char* value, uint32_t value_length,
                              struct vtick_boot_config* config) {
  if (equals(key, key_length, "scheme")) {
    if (equals(value, value_length, "user_pit")) {
      config->scheme = VTICK_SCHEME_USER_PIT;
    } else if (equals(value, value_length, "kernel_pit")) {
      config->scheme = VTICK_SCHEME_KERNEL_PIT;
    } else {
      return "scheme is user_pit or kernel_pit";
    }
    return 0;
  }
  if (equals(key, key_length, "clock")) {
    if (equals(value, value_length, "jiffies")) {
      config->clock = VTICK_CLOCK_JIFFIES;
    } else if (equals(value, value_length, "kvmclock")) {
      config->clock = VTICK_CLOCK_KVMCLOCK;
    } else {
      return "clock is jiffies or kvmclock";
    }
    return 0;
  }
  if (equals(key, key_length, "workload")) {
    if (equals(value, value_length, "periodic_timer")) {
      config->workload = VTICK_WORKLOAD_PERIODIC_TIMER;
    } else if (equals(value, value_length, "media")) {
      config->workload = VTICK_WORKLOAD_MEDIA;
    } else if (equals(value, value_length, "cron")) {
      config->workload = VTICK_WORKLOAD_CRON;
    } else {
      /* tcp_rto needs the vtick VMM's ACK ring and hypercall: no Multiboot loader has them. */
      return "workload is periodic_timer, media or cron";
    }
    return 0;
  }
  uint64_t* target = 0;
  if (equals(key, key_length, "period_ns")) {
    target = &config->period_ns;
  } else if (equals(key, key_length, "sample_ns")) {
    target = &config->sample_interval_ns;
  } else if (equals(key, key_length, "duration_ns")) {
    target = &config->duration_ns;
  } else if (equals(key, key_length, "seed")) {
    target = &config->seed;
  } else if (equals(key, key_length, "interval_ns")) {
    target = &config->interval_ns;
  } else if (equals(key, key_length, "at_ns")) {
    target = &config->at_ns;
  } else if (!equals(key, key_length, "hz") && !equals(key, key_length, "fps")) {
    return "unknown key";
  }
  uint64_t number;
  if (parse_u64(value, value_length, &number) != 0) {
    return "not a 64-bit number";
  }
  if (target) {
    *target = number;
  } else if (number > 0xffffffffu) {
    return "out of range";
  } else if (equals(key, key_length, "fps")) {
    config->fps = (uint32_t)number;
  } else {
    config->hz = (uint32_t)number;
  }
  return 0;
}

uint32_t cmdline_apply(const char* text, struct vtick_boot_config* config) {
  int first = 1;
  for (;;) {
    while (is_space(*text)) {
      ++text;
    }
    if (*text == '\0') {
      return 0;
    }
    const char* word = text;
    const char* equals_sign = 0;
    while (*text != '\0' && !is_space(*text)) {
      if (*text == '=' && !equals_sign) {
        equals_sign = text;
      }
      ++text;
    }
    const uint32_t length = (uint32_t)(text - word);
    if (first) {
      first = 0;
      continue;
    }
    if (!equals_sign) {
      return reject(word, length, "not key=value");
    }
    const uint32_t key_length = (uint32_t)(equals_sign - word);
    const char* why = apply_word(word, key_length, equals_sign + 1, length - key_length - 1, config);
    if (why) {
      return reject(word, length, why);
    }
  }
}
