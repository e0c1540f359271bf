// Writes a mapped record's fields as one JSON object: {"name":value,...},
// in field order, appended to a caller-owned string reused across records.
#pragma once
#include <string>
#include <vector>

#include "tools/sp-parse/record_model.h"

namespace sp {

void write_fields_json(const std::vector<Field>& fields, std::string& out);

// Appends one field's value as JSON: strings escaped, other kinds as written.
void append_field_value(std::string& out, const Field& field);

}  // namespace sp
