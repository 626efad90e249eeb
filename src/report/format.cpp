#include "report/format.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <ctime>

namespace cofetch::report {

namespace {

// Room for any uint64 or any duration this tool meets, with its unit.
using NumberText = std::array<char, 64>;

std::string_view fixed_text(NumberText& buffer, double value, int decimals, std::string_view unit) {
  auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size() - unit.size(),
                                    value, std::chars_format::fixed, decimals);
  if (error != std::errc{}) end = buffer.data();  // beyond 10^40: not a time or a size
  end = std::copy(unit.begin(), unit.end(), end);
  return {buffer.data(), static_cast<std::size_t>(end - buffer.data())};
}

std::string_view bytes_text(NumberText& buffer, std::uint64_t bytes) {
  if (bytes < 1024) {
    char* end = std::to_chars(buffer.data(), buffer.data() + 8, bytes).ptr;
    end = std::copy_n(" B", 2, end);
    return {buffer.data(), static_cast<std::size_t>(end - buffer.data())};
  }
  constexpr std::array<std::string_view, 5> k_units = {" KiB", " MiB", " GiB", " TiB", " PiB"};
  double value = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < k_units.size()) {
    value /= 1024.0;
    ++unit;
  }
  return fixed_text(buffer, value, 1, k_units[unit]);
}

std::string_view duration_text(NumberText& buffer, double milliseconds) {
  if (milliseconds < 10'000.0) return fixed_text(buffer, milliseconds, 1, " ms");
  return fixed_text(buffer, milliseconds / 1000.0, 2, " s");
}

}  // namespace

std::string human_bytes(std::uint64_t bytes) {
  NumberText buffer;
  return std::string(bytes_text(buffer, bytes));
}

std::string human_duration(double milliseconds) {
  NumberText buffer;
  return std::string(duration_text(buffer, milliseconds));
}

void append_human_bytes(std::string& out, std::uint64_t bytes, std::size_t width) {
  NumberText buffer;
  append_right_aligned(out, bytes_text(buffer, bytes), width);
}

void append_human_duration(std::string& out, double milliseconds, std::size_t width) {
  NumberText buffer;
  append_right_aligned(out, duration_text(buffer, milliseconds), width);
}

void append_fixed(std::string& out, double value, int decimals, std::size_t width) {
  NumberText buffer;
  append_right_aligned(out, fixed_text(buffer, value, decimals, ""), width);
}

void append_right_aligned(std::string& out, std::string_view text, std::size_t width) {
  if (text.size() < width) out.append(width - text.size(), ' ');
  out.append(text);
}

std::string sanitize_for_terminal(std::string_view text) {
  std::string out;
  append_sanitized(out, text);
  return out;
}

void append_sanitized(std::string& out, std::string_view text) {
  const bool clean = std::none_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f || byte == 0xc2;  // 0xc2 may lead a C1 control
  });
  if (clean) {
    out.append(text);
    return;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool c0_or_del = byte < 0x20 || byte == 0x7f;
    const bool c1 = byte == 0xc2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9f;
    if (c0_or_del) {
      out += fmt::format("\\x{:02x}", byte);
    } else if (c1) {
      out += fmt::format("\\xc2\\x{:02x}", static_cast<unsigned char>(text[++i]));
    } else {
      out += static_cast<char>(byte);
    }
  }
}

std::string rfc3339_utc(std::chrono::system_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
  const std::time_t whole = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&whole, &utc);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", utc, millis);
}

namespace {

// Reads exactly `digits` decimal digits at `at`; advances past them.
std::optional<int> fixed_digits(std::string_view text, std::size_t& at, std::size_t digits) {
  if (at + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t end = at + digits; at < end; ++at) {
    if (text[at] < '0' || text[at] > '9') return std::nullopt;
    value = value * 10 + (text[at] - '0');
  }
  return value;
}

bool expect(std::string_view text, std::size_t& at, char wanted) {
  if (at >= text.size() || text[at] != wanted) return false;
  ++at;
  return true;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_rfc3339_utc(std::string_view text) {
  std::size_t at = 0;
  const auto year = fixed_digits(text, at, 4);
  if (!year || !expect(text, at, '-')) return std::nullopt;
  const auto month = fixed_digits(text, at, 2);
  if (!month || !expect(text, at, '-')) return std::nullopt;
  const auto day = fixed_digits(text, at, 2);
  if (!day || !expect(text, at, 'T')) return std::nullopt;
  const auto hour = fixed_digits(text, at, 2);
  if (!hour || !expect(text, at, ':')) return std::nullopt;
  const auto minute = fixed_digits(text, at, 2);
  if (!minute || !expect(text, at, ':')) return std::nullopt;
  const auto second = fixed_digits(text, at, 2);
  if (!second) return std::nullopt;
  std::int64_t nanos = 0;
  if (expect(text, at, '.')) {
    std::size_t digits = 0;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
      if (digits < 9) nanos = nanos * 10 + (text[at] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 9; ++digits) nanos *= 10;
  }
  if (!expect(text, at, 'Z') || at != text.size()) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  // system_clock counts nanoseconds in 64 bits: from 1678 to 2262. A year outside
  // would overflow; a record from a real run is well within.
  if (*year < 1700 || *year > 2200) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
         std::chrono::seconds(*second) +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(
             std::chrono::nanoseconds(nanos));
}

}  // namespace cofetch::report
