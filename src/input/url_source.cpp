#include "input/url_source.hpp"

#include <system_error>

#include "cofetch/url/credentials.hpp"

namespace cofetch::input {

namespace {

std::string_view trim(std::string_view text) {
  constexpr std::string_view k_space = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(k_space);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(k_space);
  return text.substr(first, last - first + 1);
}

class ArgumentInput final : public LineInput {
 public:
  explicit ArgumentInput(std::vector<std::string> arguments) : m_arguments(std::move(arguments)) {}

  coro::Task<std::optional<Line>> next_line() override {
    if (m_next == m_arguments.size()) co_return std::nullopt;
    co_return Line{std::move(m_arguments[m_next++]), false};
  }

  std::shared_ptr<const std::string> name() const override { return nullptr; }

 private:
  std::vector<std::string> m_arguments;
  std::size_t m_next = 0;
};

class StreamInput final : public LineInput {
 public:
  StreamInput(std::unique_ptr<ByteSource> source, std::string name)
      : m_source(std::move(source)), m_name(std::make_shared<const std::string>(std::move(name))) {}

  coro::Task<std::optional<Line>> next_line() override {
    while (true) {
      if (auto line = m_splitter.next()) co_return line;
      if (m_at_end) co_return std::nullopt;
      std::string_view chunk;
      try {
        chunk = co_await m_source->read();
      } catch (const std::system_error& error) {
        throw std::system_error(error.code(), "reading " + *m_name);
      }
      if (chunk.empty()) {
        m_at_end = true;
        co_return m_splitter.finish();
      }
      m_splitter.feed(chunk);
    }
  }

  std::shared_ptr<const std::string> name() const override { return m_name; }

 private:
  std::unique_ptr<ByteSource> m_source;
  std::shared_ptr<const std::string> m_name;
  LineSplitter m_splitter;
  bool m_at_end = false;
};

}  // namespace

std::unique_ptr<LineInput> argument_input(std::vector<std::string> arguments) {
  return std::make_unique<ArgumentInput>(std::move(arguments));
}

std::unique_ptr<LineInput> stream_input(std::unique_ptr<ByteSource> source, std::string name) {
  return std::make_unique<StreamInput>(std::move(source), std::move(name));
}

UrlSource::UrlSource(std::vector<std::unique_ptr<LineInput>> inputs, bool show_credentials)
    : m_inputs(std::move(inputs)), m_show_credentials(show_credentials) {}

coro::Task<std::optional<Entry>> UrlSource::next() {
  while (m_current < m_inputs.size()) {
    LineInput& input = *m_inputs[m_current];
    std::optional<Line> line = co_await input.next_line();
    if (!line) {
      // Close the finished input now: a pipe or file is not held until the run ends.
      m_inputs[m_current].reset();
      ++m_current;
      m_line_number = 0;
      continue;
    }
    ++m_line_number;
    const std::optional<std::string_view> text = entry_text(*line);
    if (!text) continue;

    Entry entry;
    entry.index = m_next_index++;
    entry.url = *text;
    // Most lines hold no '@' at all: nothing to redact, nothing to copy.
    if (!m_show_credentials && text->find('@') != std::string_view::npos) {
      std::string shown = url::redact_credentials(*text);
      if (shown != *text) {
        entry.secret = std::move(entry.url);
        entry.url = std::move(shown);
      }
    }
    entry.place = Place{input.name(), m_line_number};
    if (line->too_long) {
      entry.problem = entry.place.describe() + ": line longer than " +
                      std::to_string(LineSplitter::k_default_max_length) + " bytes";
    }
    co_return entry;
  }
  co_return std::nullopt;
}

std::optional<std::string_view> entry_text(const Line& line) {
  const std::string_view text = trim(line.text);
  if (!line.too_long && (text.empty() || text.front() == '#')) return std::nullopt;
  return text;
}

std::string Place::describe() const {
  return input ? *input + ":" + std::to_string(line) : "argument " + std::to_string(line);
}

coro::Task<std::optional<Entry>> EntryList::next() {
  if (m_next == m_entries.size()) co_return std::nullopt;
  co_return m_entries[m_next++];
}

}  // namespace cofetch::input
