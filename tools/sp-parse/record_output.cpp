#include "tools/sp-parse/record_output.h"

#include "libcommon/json_writer.h"

namespace sp {

namespace {

// Text known to need no escape: quoted as it is.
void append_plain_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  out.append(text);
  out.push_back('"');
}

}  // namespace

void write_fields_json(const std::vector<Field>& fields, std::string& out) {
  out.push_back('{');
  bool first = true;
  for (const Field& f : fields) {
    if (!first) out.push_back(',');
    first = false;
    if (f.plain_name) {
      append_plain_json_string(out, f.name);
    } else {
      append_json_string(out, f.name);
    }
    out.push_back(':');
    append_field_value(out, f);
  }
  out.push_back('}');
}

void append_field_value(std::string& out, const Field& field) {
  switch (field.kind) {
    case ValueKind::String:
      if (field.plain_value) {
        append_plain_json_string(out, field.value);
      } else {
        append_json_string(out, field.value);
      }
      break;
    case ValueKind::Null: out.append("null"); break;
    case ValueKind::Number:
    case ValueKind::Bool:
    case ValueKind::Json: out.append(field.value); break;
  }
}

}  // namespace sp
