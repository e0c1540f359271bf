// --schema FILE: one JSON object holding a source's mapping options, kept in
// version control. Keys (all optional): wrap, alias, rename, keep, drop,
// require, default, type, flatten, time_field, time_format, time_out,
// redact, pseudonymize, key_file. An unknown key is an error naming it.
// Lists in the file come first; command-line options add to them, and a
// single-valued option given on the command line wins over the file.
#pragma once
#include <string>

#include "tools/sp-parse/mapping.h"

namespace sp {

struct SchemaScalarsGiven {  // which single-valued options the command line set
  bool wrap = false, time_field = false, time_format = false, time_out = false, key_file = false, flatten = false;
};

// Reads the file and merges it into `options`. Throws UsageError naming the
// file and the problem.
void merge_schema_file(const std::string& path, MappingOptions& options, const SchemaScalarsGiven& given);

// The same from the file's text (for tests and the fuzz target).
void merge_schema_text(const std::string& text, const std::string& path, MappingOptions& options,
                       const SchemaScalarsGiven& given);

}  // namespace sp
