#pragma once
// Small formatting helpers for what people read.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cofetch::report {

// "0 B", "999 B", "1.2 KiB", "12.3 MiB"
std::string human_bytes(std::uint64_t bytes);

// "0.4 ms", "101.9 ms", "12.35 s"
std::string human_duration(double milliseconds);

// The same two, and a number with `decimals` places, right-aligned in `width`
// columns and appended to `out`: the text output's per-line path, which
// allocates nothing and does not go through a format string.
void append_human_bytes(std::string& out, std::uint64_t bytes, std::size_t width);
void append_human_duration(std::string& out, double milliseconds, std::size_t width);
void append_fixed(std::string& out, double value, int decimals, std::size_t width);
// `text` right-aligned in `width` columns (each byte one column: ASCII only).
void append_right_aligned(std::string& out, std::string_view text, std::size_t width);

// Makes text safe to print on a terminal: control characters (C0, DEL and the
// UTF-8 encoded C1 range, which includes the one-byte escape introducer) become
// visible \xNN escapes, so a URL or a server message cannot drive the terminal.
std::string sanitize_for_terminal(std::string_view text);
// The same, appended to `out` (in one piece when there is nothing to escape).
void append_sanitized(std::string& out, std::string_view text);

// RFC 3339 in UTC with milliseconds: 2026-11-22T10:11:12.345Z
std::string rfc3339_utc(std::chrono::system_clock::time_point time);
// Reads what rfc3339_utc writes (the fraction may have 0 to 9 digits); nothing
// when `text` is not in that form or its year is not within 1700 to 2200.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339_utc(std::string_view text);

}  // namespace cofetch::report
