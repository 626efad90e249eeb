#include "run/descriptor_budget.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <limits>

namespace cofetch::run {

DescriptorBudget descriptor_budget(std::size_t concurrency, bool saving_bodies, std::size_t limit,
                                   std::size_t open_now) {
  // A socket, and a resolver's socket pair while the name resolves; a body file with -O.
  const std::size_t per_transfer = 3 + (saving_bodies ? 1 : 0);
  const std::size_t used = open_now + k_reserved_descriptors;
  const std::size_t available = limit > used ? limit - used : 0;

  DescriptorBudget budget;
  budget.concurrency = concurrency;
  const std::size_t fits = std::max<std::size_t>(1, available / per_transfer);
  if (concurrency > fits) {
    budget.concurrency = fits;
    budget.warning = "-j " + std::to_string(concurrency) +
                     " needs more open files than the limit allows (" + std::to_string(limit) +
                     "); fetching " + std::to_string(fits) +
                     " at a time (raise the limit with ulimit -n)";
  }
  // Connections wait idle for their host's next URL in libcurl's cache. A list
  // over many hosts comes back to each only every few hundred URLs, and a cache
  // smaller than the hosts in rotation closes each connection just before it
  // would be reused (libcurl evicts the oldest): every URL would pay a new TCP and
  // TLS handshake. So the cache holds as many connections as the descriptors left
  // by the transfers allow, up to k_max_connection_cache (which bounds memory:
  // an idle TLS connection holds tens of KiB).
  const std::size_t others = budget.concurrency * (per_transfer - 1);
  const std::size_t room = available > others ? available - others : 0;
  budget.connection_cache = std::max(budget.concurrency, std::min(room, k_max_connection_cache));
  budget.peak = std::min(limit, used + budget.connection_cache + others);
  return budget;
}

std::size_t raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return std::numeric_limits<std::size_t>::max();
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY) return std::numeric_limits<std::size_t>::max();
  return static_cast<std::size_t>(limit.rlim_cur);
}

std::size_t open_descriptors() {
  DIR* directory = opendir("/proc/self/fd");
  if (!directory) return 16;  // a guess; the reserve has room
  std::size_t count = 0;
  while (const dirent* entry = readdir(directory)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(directory);
  return count > 0 ? count - 1 : 0;  // not the directory's own descriptor
}

void reserve_descriptor_table(std::size_t descriptors) noexcept {
  constexpr std::size_t k_initial_table = 64;  // what a process starts with
  if (descriptors <= k_initial_table) return;
  const int any = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (any < 0) return;
  // The lowest free descriptor at or above the last one: the table grows to hold it.
  const auto last = static_cast<int>(std::min<std::size_t>(descriptors - 1, INT_MAX));
  if (const int highest = fcntl(any, F_DUPFD_CLOEXEC, last); highest >= 0) close(highest);
  close(any);
}

}  // namespace cofetch::run
