#pragma once
// UrlSource: the URLs of a run, one at a time, from the command line's arguments
// and then each input (file or stdin) in order. Lines are streamed: an entry is
// read only when the scheduler asks for one, so the input pauses while every
// slot is busy and memory does not grow with the length of the list.
//
// Surrounding whitespace is trimmed; blank lines and lines starting with '#' are
// skipped. Every other line becomes an entry, URL or not: whether it is one that
// can be fetched is decided later (http/url.hpp), and an entry that says where it
// came from lets that answer name its place.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cofetch/coro/task.hpp"
#include "input/byte_source.hpp"
#include "input/line_splitter.hpp"

namespace cofetch::input {

// Where an entry came from: built into text only when a message needs it.
struct Place {
  std::shared_ptr<const std::string> input;  // "urls.txt", "stdin"; null for an argument
  std::size_t line = 0;                      // from 1, within the input or the arguments

  std::string describe() const;  // "urls.txt:12", "argument 2"
};

struct Entry {
  std::size_t index = 0;  // 0-based position among all URLs of the run
  std::string url;        // as shown and recorded: without credentials, by default
  std::string secret;     // the line with its credentials, when `url` hides them
  Place place;
  std::optional<std::string> problem;  // why this line will not be fetched

  // What is fetched: the line as given.
  const std::string& text() const noexcept { return secret.empty() ? url : secret; }
};

// The text of `line` as an entry (trimmed), or nothing when it is skipped: blank,
// or a comment (#...). A line too long is an entry, whatever it holds.
std::optional<std::string_view> entry_text(const Line& line);

// One origin of lines: the argument list, or a stream with a name.
class LineInput {
 public:
  virtual ~LineInput() = default;
  // The next line, or nothing at the end. Throws std::system_error on read errors.
  virtual coro::Task<std::optional<Line>> next_line() = 0;
  // The input's name for Place; null for the arguments.
  virtual std::shared_ptr<const std::string> name() const = 0;
};

std::unique_ptr<LineInput> argument_input(std::vector<std::string> arguments);
std::unique_ptr<LineInput> stream_input(std::unique_ptr<ByteSource> source, std::string name);

// Anything the scheduler can take entries from.
class EntrySource {
 public:
  virtual ~EntrySource() = default;
  // The next entry, or nothing at the end. Throws std::system_error on read errors.
  virtual coro::Task<std::optional<Entry>> next() = 0;
};

class UrlSource final : public EntrySource {
 public:
  // Entries' `url` is the line with its credentials redacted (url/credentials.hpp)
  // unless `show_credentials`; what is fetched keeps them.
  explicit UrlSource(std::vector<std::unique_ptr<LineInput>> inputs, bool show_credentials = false);

  coro::Task<std::optional<Entry>> next() override;

  // Entries handed out so far.
  std::size_t count() const noexcept { return m_next_index; }

 private:
  std::vector<std::unique_ptr<LineInput>> m_inputs;
  std::size_t m_current = 0;
  std::size_t m_line_number = 0;  // within the current input
  std::size_t m_next_index = 0;
  bool m_show_credentials;
};

// Entries already in memory, handed out again from the start on each replay():
// --compare runs the same list twice.
class EntryList final : public EntrySource {
 public:
  explicit EntryList(std::vector<Entry> entries) : m_entries(std::move(entries)) {}

  coro::Task<std::optional<Entry>> next() override;
  void replay() noexcept { m_next = 0; }
  std::size_t size() const noexcept { return m_entries.size(); }

 private:
  std::vector<Entry> m_entries;
  std::size_t m_next = 0;
};

}  // namespace cofetch::input
