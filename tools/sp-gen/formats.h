// Writing an Event as one line of each output format.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace sp::gen {

struct Event;

enum class Format { Ndjson, Csv, Logfmt, NginxCombined, Syslog };

inline constexpr std::string_view kFormatNames = "ndjson, csv, logfmt, nginx-combined, syslog";

std::optional<Format> parse_format(std::string_view name);

// The line before the first record: CSV's header; empty for other formats.
std::string_view format_header(Format format);

// Replaces `out` with the event's line, without a newline.
void write_event(Format format, const Event& event, std::string& out);

}  // namespace sp::gen
