#pragma once
// How many transfers the process's open-file limit allows. Every transfer holds
// a socket, libcurl's threaded resolver a socket pair while it resolves, and -O a
// file; idle connections wait in libcurl's cache. Past the limit, socket() fails
// with EMFILE and URLs would fail for no fault of their own: rather, -j is
// lowered to what fits, and the user is told.

#include <cstddef>
#include <optional>
#include <string>

namespace cofetch::run {

struct DescriptorBudget {
  std::size_t concurrency = 0;       // -j that fits
  std::size_t connection_cache = 0;  // connections libcurl may keep open, busy or idle
  std::size_t peak = 0;              // the most descriptors open at once, within the limit
  // Set when -j had to be lowered: the warning to print.
  std::optional<std::string> warning;
};

// The most connections libcurl keeps open, busy or idle, however many
// descriptors there are.
inline constexpr std::size_t k_max_connection_cache = 8192;

// Descriptors kept for everything else: the loop's epoll, eventfd and signal
// pipe, libuv's thread pool, standard streams, -o, --har, input files.
inline constexpr std::size_t k_reserved_descriptors = 24;

// `limit`: RLIMIT_NOFILE; `open_now`: descriptors open before the run.
DescriptorBudget descriptor_budget(std::size_t concurrency, bool saving_bodies, std::size_t limit,
                                   std::size_t open_now);

// Raises the soft open-file limit to the hard one and returns the result.
std::size_t raise_descriptor_limit();

// Descriptors this process has open (/proc/self/fd).
std::size_t open_descriptors();

// Grows the process's descriptor table to hold `descriptors` at once, now. The
// kernel grows it by doubling as descriptors are opened, and once the process
// has a second thread (libuv's pool reads regular files, libcurl resolves names
// on threads) each growth waits for an RCU grace period: 10 to 30 ms of idle in
// a run that opens a few hundred connections. Call it while one thread runs.
void reserve_descriptor_table(std::size_t descriptors) noexcept;

}  // namespace cofetch::run
