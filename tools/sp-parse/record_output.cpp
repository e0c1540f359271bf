#include "tools/sp-parse/record_output.h"

#include "tools/sp-parse/json_out.h"

namespace sp {

void write_fields_json(const std::vector<Field>& fields, std::string& out) {
  out.push_back('{');
  bool first = true;
  for (const Field& f : fields) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string_fast(out, f.name);
    out.push_back(':');
    switch (f.kind) {
      case ValueKind::String: append_json_string_fast(out, f.value); break;
      case ValueKind::Null: out.append("null"); break;
      case ValueKind::Number:
      case ValueKind::Bool:
      case ValueKind::Json: out.append(f.value); break;
    }
  }
  out.push_back('}');
}

}  // namespace sp
