#include "tools/sp-parse/record_output.h"

#include "libcommon/json_writer.h"

namespace sp {

void write_fields_json(const std::vector<Field>& fields, std::string& out) {
  out.push_back('{');
  bool first = true;
  for (const Field& f : fields) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, f.name);
    out.push_back(':');
    append_field_value(out, f);
  }
  out.push_back('}');
}

void append_field_value(std::string& out, const Field& field) {
  switch (field.kind) {
    case ValueKind::String: append_json_string(out, field.value); break;
    case ValueKind::Null: out.append("null"); break;
    case ValueKind::Number:
    case ValueKind::Bool:
    case ValueKind::Json: out.append(field.value); break;
  }
}

}  // namespace sp
