#include "input/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <coroutine>
#include <system_error>
#include <vector>

#include "cofetch/uv/handle.hpp"
#include "cofetch/uv/run_blocking.hpp"

namespace cofetch::input {

namespace {

constexpr std::size_t k_chunk_size = 64 * 1024;

// A descriptor shared with the thread-pool job that may still be reading it, so
// it is closed only after both are done with it.
struct Descriptor {
  Descriptor(int descriptor, bool owns) noexcept : fd(descriptor), owned(owns) {}
  Descriptor(const Descriptor&) = delete;  // exactly one close
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (owned) ::close(fd);
  }
  const int fd;
  const bool owned;
};

class FileSource final : public ByteSource {
 public:
  FileSource(uv::Loop& loop, int fd, bool owned)
      : m_loop(loop), m_descriptor(std::make_shared<Descriptor>(fd, owned)) {}

  coro::Task<std::string_view> read() override {
    if (m_at_end) co_return std::string_view{};
    // The job owns its buffer: a job abandoned by a cancelled frame writes only
    // into memory it holds itself. (Named before the co_await: see coro/task.hpp.)
    auto read_chunk = [descriptor = m_descriptor] {
      std::string chunk(k_chunk_size, '\0');
      ssize_t count = 0;
      do {
        count = ::read(descriptor->fd, chunk.data(), chunk.size());
      } while (count < 0 && errno == EINTR);
      if (count < 0) throw std::system_error(errno, std::generic_category());
      chunk.resize(static_cast<std::size_t>(count));
      return chunk;
    };
    m_chunk = co_await uv::run_blocking(m_loop, std::move(read_chunk));
    m_at_end = m_chunk.empty();
    co_return std::string_view(m_chunk);
  }

 private:
  uv::Loop& m_loop;
  std::shared_ptr<Descriptor> m_descriptor;
  std::string m_chunk;
  bool m_at_end = false;
};

// Pipes (uv_pipe_t) and terminals (uv_tty_t) share uv_stream_t's reading API.
// The stream owns its descriptor: uv_close closes it (libuv leaves 0, 1, 2 open).
template <typename Stream>
class StreamSource final : public ByteSource {
 public:
  StreamSource(uv::Loop& loop, uv::Handle<Stream> stream)
      : m_loop(loop), m_stream(std::move(stream)), m_buffer(k_chunk_size) {
    m_stream->data = this;
  }

  coro::Task<std::string_view> read() override {
    if (m_at_end) co_return std::string_view{};
    const ssize_t count = co_await ReadOnce(*this);
    if (count == UV_EOF) {
      m_at_end = true;
      co_return std::string_view{};
    }
    if (count < 0) throw std::system_error(-static_cast<int>(count), std::generic_category());
    co_return std::string_view(m_buffer.data(), static_cast<std::size_t>(count));
  }

 private:
  // Starts reading, takes the first chunk that arrives and stops again.
  struct ReadOnce {
    StreamSource& source;

    explicit ReadOnce(StreamSource& owner) noexcept : source(owner) {}
    ReadOnce(const ReadOnce&) = delete;
    ~ReadOnce() {
      if (source.m_reading) source.stop();  // the frame went away mid-read
    }
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> waiter) {
      source.m_waiter = waiter;
      int rc = uv_read_start(source.as_stream(), &StreamSource::on_alloc, &StreamSource::on_read);
      if (rc < 0) uv::throw_uv_error("uv_read_start", rc);
      source.m_reading = true;
    }
    ssize_t await_resume() const noexcept { return source.m_count; }
  };

  uv_stream_t* as_stream() { return reinterpret_cast<uv_stream_t*>(m_stream.get()); }

  void stop() {
    uv_read_stop(as_stream());
    m_reading = false;
  }

  static void on_alloc(uv_handle_t* handle, std::size_t, uv_buf_t* buf) noexcept {
    auto* self = static_cast<StreamSource*>(handle->data);
    *buf = uv_buf_init(self->m_buffer.data(), static_cast<unsigned>(self->m_buffer.size()));
  }

  static void on_read(uv_stream_t* stream, ssize_t count, const uv_buf_t*) noexcept {
    auto* self = static_cast<StreamSource*>(stream->data);
    if (!self || count == 0) return;  // 0: nothing this time (EAGAIN)
    self->m_count = count;
    self->stop();
    self->m_loop.post(self->m_ready, self->m_waiter);
  }

  uv::Loop& m_loop;
  uv::Handle<Stream> m_stream;
  std::vector<char> m_buffer;
  bool m_reading = false;
  bool m_at_end = false;
  ssize_t m_count = 0;
  std::coroutine_handle<> m_waiter;
  uv::ReadyNode m_ready;
};

}  // namespace

std::unique_ptr<ByteSource> open_byte_source(uv::Loop& loop, int fd, bool owned) {
  switch (uv_guess_handle(fd)) {
    case UV_NAMED_PIPE: {
      auto pipe = uv::Handle<uv_pipe_t>::make(uv_pipe_init, loop.get(), 0);
      if (int rc = uv_pipe_open(pipe.get(), fd); rc < 0) uv::throw_uv_error("uv_pipe_open", rc);
      return std::make_unique<StreamSource<uv_pipe_t>>(loop, std::move(pipe));
    }
    case UV_TTY: {
      auto tty = uv::Handle<uv_tty_t>::make(uv_tty_init, loop.get(), fd, 0);
      return std::make_unique<StreamSource<uv_tty_t>>(loop, std::move(tty));
    }
    default: {
      // Blocking reads on the thread pool: clear O_NONBLOCK (see open_for_reading).
      const int flags = ::fcntl(fd, F_GETFL);
      if (flags >= 0 && (flags & O_NONBLOCK)) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
      return std::make_unique<FileSource>(loop, fd, owned);
    }
  }
}

int open_for_reading(const std::string& path) {
  // O_NONBLOCK so that opening a FIFO does not wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + path);
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    throw std::system_error(EISDIR, std::generic_category(), "cannot read " + path);
  }
  return fd;
}

}  // namespace cofetch::input
