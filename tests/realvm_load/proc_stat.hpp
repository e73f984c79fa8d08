#pragma once
// Reads back, from /proc/<pid>/stat, what the kernel really applied to a load child.
#include <sys/types.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace vtick::realvm::load::test_support {

struct ProcStat {
  char state = '?';
  int nice = 0;
  int rt_priority = 0;
  int policy = -1;
};

/// Fields are numbered as in proc(5); the command name (field 2) may hold spaces, so fields
/// are counted from the last ')'.
inline ProcStat read_proc_stat(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(file, line);
  std::istringstream rest(line.substr(line.rfind(')') + 1));
  std::vector<std::string> fields{"", "", ""};  // fields 0 (unused), 1 (pid), 2 (comm)
  for (std::string field; rest >> field;) fields.push_back(field);
  ProcStat stat;
  if (fields.size() <= 41) return stat;
  stat.state = fields[3][0];
  stat.nice = std::stoi(fields[19]);
  stat.rt_priority = std::stoi(fields[40]);
  stat.policy = std::stoi(fields[41]);
  return stat;
}

/// CPU time the task has run so far, in ns (first field of /proc/<pid>/schedstat).
inline long long cpu_ns_so_far(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/schedstat");
  long long ns = -1;
  file >> ns;
  return ns;
}

}  // namespace vtick::realvm::load::test_support
