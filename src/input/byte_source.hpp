#pragma once
// ByteSource: chunks of bytes from a file descriptor, read through libuv so the
// loop never blocks. Reading happens only when asked, which is what pauses the
// input while every concurrency slot is busy.
//
// - Regular files (and anything unusual) are read on libuv's thread pool.
// - Pipes and terminals are libuv streams, so a pending read can be stopped at
//   any time (a thread blocked in read(2) on a pipe could not be).

#include <memory>
#include <string>
#include <string_view>

#include "cofetch/coro/task.hpp"
#include "cofetch/uv/loop.hpp"

namespace cofetch::input {

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // The next chunk; empty at the end of the input. The view stays valid until
  // the next call. Throws std::system_error when reading fails.
  virtual coro::Task<std::string_view> read() = 0;
};

// Takes ownership of `fd` when `owned` (it is closed with the source).
std::unique_ptr<ByteSource> open_byte_source(uv::Loop& loop, int fd, bool owned);

// Opens `path` for reading. Throws std::system_error naming the path when it
// cannot be opened or is a directory.
int open_for_reading(const std::string& path);

}  // namespace cofetch::input
