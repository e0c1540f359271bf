#include "libcommon/json_record.h"

#include <algorithm>
#include <charconv>

#include "libcommon/errors.h"

namespace sp {

FieldPath FieldPath::parse(std::string_view spec, std::string_view option) {
  FieldPath path;
  path.text_ = std::string(spec);
  std::string segment;
  bool bad = spec.empty();
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] == '\\' && i + 1 < spec.size() && spec[i + 1] == '.') {
      segment += '.';
      ++i;
    } else if (spec[i] == '.') {
      bad |= segment.empty();
      path.segments_.push_back(std::move(segment));
      segment.clear();
    } else {
      segment += spec[i];
    }
  }
  bad |= segment.empty();
  if (bad) {
    throw UsageError((option.empty() ? std::string() : std::string(option) + ": ") + "invalid field path '" +
                     std::string(spec) + "': expected names separated by dots, such as user or geo.country");
  }
  path.segments_.push_back(std::move(segment));
  return path;
}

std::vector<FieldPath> parse_field_list(std::string_view spec, std::string_view option) {
  std::vector<FieldPath> fields;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    if (comma == std::string_view::npos) comma = spec.size();
    fields.push_back(FieldPath::parse(spec.substr(start, comma - start), option));
    start = comma + 1;
  }
  return fields;
}

simdjson::error_code JsonRecord::load(std::string_view padded_text) {
  text_ = padded_text;
  return parser_
      .iterate(simdjson::padded_string_view(padded_text.data(), padded_text.size(),
                                            padded_text.size() + simdjson::SIMDJSON_PADDING))
      .get(doc_);
}

simdjson::error_code JsonRecord::find(const FieldPath& path, simdjson::ondemand::value& out) {
  doc_.rewind();
  simdjson::ondemand::object object;
  if (auto error = doc_.get_object().get(object)) return error;
  const auto& segments = path.segments();
  for (size_t i = 0; i < segments.size(); ++i) {
    if (auto error = object.find_field(segments[i]).get(out)) return error;
    if (i + 1 == segments.size()) break;
    if (auto error = out.get_object().get(object)) return error;
  }
  return simdjson::SUCCESS;
}

bool JsonValidator::validate_object(std::string_view text, std::string& reason) {
  bool is_object = false;
  if (auto error = check_object(text, is_object)) {
    reason = std::string("invalid JSON: ") + simdjson::error_message(error);
    return false;
  }
  if (!is_object) {
    reason = "not a JSON object";
    return false;
  }
  return true;
}

simdjson::error_code JsonValidator::check_object(std::string_view text, bool& is_object) {
  simdjson::dom::element root;
  auto error = parser_.parse(text.data(), text.size(), false).get(root);
  is_object = !error && root.is_object();
  return error;
}

bool JsonValidator::all_objects(const std::vector<std::string_view>& lines) {
  if (lines.empty()) return false;
  // Between two lines only line ends (of empty lines too) may lie.
  for (size_t i = 1; i < lines.size(); ++i) {
    const char* gap = lines[i - 1].data() + lines[i - 1].size();
    if (lines[i].data() <= gap) return false;
    for (; gap < lines[i].data(); ++gap) {
      if (*gap != '\n' && *gap != '\r') return false;
    }
  }
  const char* begin = lines.front().data();
  const size_t length = static_cast<size_t>(lines.back().data() + lines.back().size() - begin);
  // One batch for the whole span: no worker thread, one stage-1 pass.
  parser_.threaded = false;
  simdjson::dom::document_stream stream;
  if (parser_.parse_many(begin, length, std::max(length, simdjson::dom::MINIMAL_BATCH_SIZE)).get(stream)) return false;
  // Each line must hold exactly one document: document k starts and ends
  // inside line k (a document may otherwise run on over a line end, which
  // is whitespace between its tokens), and the counts agree.
  size_t k = 0;
  for (auto it = stream.begin(); it != stream.end(); ++it, ++k) {
    simdjson::dom::element doc;
    if ((*it).get(doc) || k == lines.size() || !doc.is_object()) return false;
    std::string_view source = it.source();  // from '{' through its '}'
    const char* line_end = lines[k].data() + lines[k].size();
    if (source.data() < lines[k].data() || source.data() + source.size() > line_end) return false;
  }
  return k == lines.size() && stream.truncated_bytes() == 0;
}

simdjson::error_code raw_json_of(simdjson::ondemand::value& value, std::string_view& out) {
  simdjson::ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object object;
      if (auto error = value.get_object().get(object)) return error;
      return object.raw_json().get(out);
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array array;
      if (auto error = value.get_array().get(array)) return error;
      return array.raw_json().get(out);
    }
    default: {
      out = trimmed_raw_token(value);
      return simdjson::SUCCESS;
    }
  }
}

std::string_view trimmed_raw_token(simdjson::ondemand::value& value) {
  std::string_view raw = value.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r'))
    raw.remove_suffix(1);
  return raw;
}

void correct_long_number(std::string_view token, double& number) {
  constexpr size_t kExactDigits = 19;  // simdjson's fast path holds 19 digits
  if (token.size() <= kExactDigits) return;
  size_t digits = 0;
  for (char c : token) {
    if (c == 'e' || c == 'E') break;
    digits += c >= '0' && c <= '9';
  }
  if (digits <= kExactDigits) return;
  // A raw token may keep the whitespace after it.
  while (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' || token.back() == '\r') token.remove_suffix(1);
  double reread = 0;
  auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), reread);
  // Out of a double's range from_chars fails: simdjson's reading stands.
  if (error == std::errc() && end == token.data() + token.size()) number = reread;
}

bool unescaped_string_contents(std::string_view token, std::string_view& contents) {
  if (token.size() < 2 || token.front() != '"' || token.back() != '"' || token.find('\\') != std::string_view::npos)
    return false;
  contents = token.substr(1, token.size() - 2);
  return true;
}

}  // namespace sp
