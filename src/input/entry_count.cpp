#include "input/entry_count.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>

#include "input/line_splitter.hpp"
#include "input/url_source.hpp"

namespace cofetch::input {

namespace {

// Reads `fd` from `offset` on without moving its file position (standard input
// is read again by the run), feeding `splitter`; false on a read error or a stop.
template <typename OnLine>
bool count_lines(int fd, off_t offset, LineSplitter& splitter, const std::atomic<bool>& stop,
                 OnLine on_line) {
  std::array<char, 256 * 1024> block;
  while (!stop.load(std::memory_order_relaxed)) {
    const ssize_t got = ::pread(fd, block.data(), block.size(), offset);
    if (got < 0) return false;
    if (got == 0) {
      if (auto last = splitter.finish()) on_line(*last);
      return true;
    }
    offset += got;
    splitter.feed(std::string_view(block.data(), static_cast<std::size_t>(got)));
    while (auto line = splitter.next()) on_line(*line);
  }
  return false;
}

// A descriptor to read `path` again from where the run starts reading it, and that
// offset; nothing for a pipe, a terminal or what cannot be opened.
std::optional<std::pair<int, off_t>> readable_again(const std::string& path) {
  struct stat info {};
  if (path == "-") {
    if (::fstat(STDIN_FILENO, &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
    const off_t at = ::lseek(STDIN_FILENO, 0, SEEK_CUR);
    if (at < 0) return std::nullopt;
    const int fd = ::dup(STDIN_FILENO);
    if (fd < 0) return std::nullopt;
    return std::pair{fd, at};
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return std::nullopt;
  }
  return std::pair{fd, off_t{0}};
}

}  // namespace

std::optional<std::size_t> count_entries(const std::vector<std::string>& arguments,
                                         const std::vector<std::string>& paths,
                                         const EntryFilter& keep, const std::atomic<bool>& stop) {
  std::size_t index = 0;
  std::size_t kept = 0;
  auto count = [&](const Line& line) {
    const auto text = entry_text(line);
    if (!text) return;
    if (keep(index, *text)) ++kept;
    ++index;
  };
  for (const std::string& argument : arguments) count(Line{argument, false});
  for (const std::string& path : paths) {
    const auto source = readable_again(path);
    if (!source) return std::nullopt;
    LineSplitter splitter;
    const bool read = count_lines(source->first, source->second, splitter, stop, count);
    ::close(source->first);
    if (!read) return std::nullopt;
  }
  return kept;
}

}  // namespace cofetch::input
