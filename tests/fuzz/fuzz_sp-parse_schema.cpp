// libFuzzer target for sp-parse's --schema files and the mapping they
// configure. Input: a schema file's text, then a NUL byte, then one JSON
// record. A schema may be refused (UsageError) but never crash; an
// accepted one is applied to the record, whose output must be valid JSON.
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "libcommon/errors.h"
#include "tools/sp-parse/mapping.h"
#include "tools/sp-parse/mapping_source.h"
#include "tools/sp-parse/record_output.h"
#include "tools/sp-parse/schema_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool init = [] { return setenv(sp::kPseudonymizeKeyEnv, "fuzz-key", 1) == 0; }();
  (void)init;
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t nul = input.find('\0');
  std::string schema = input.substr(0, nul);
  std::string record = nul == std::string::npos ? "{}" : input.substr(nul + 1);

  sp::MappingOptions options;
  try {
    sp::merge_schema_text(schema, "fuzz.json", options, {});
    options.key_file.clear();  // never read files named by the input
    sp::FieldMapper mapper(options);

    // sp-parse validates each record in full before the On-Demand read
    // (MappingSource::on_json), which does not check the parts it skips.
    simdjson::dom::parser validator;
    simdjson::dom::element root;
    if (validator.parse(record).get(root) || !root.is_object()) return 0;
    simdjson::ondemand::parser parser;
    simdjson::padded_string padded(record);
    simdjson::ondemand::document doc;
    simdjson::ondemand::object object;
    if (parser.iterate(padded).get(doc) || doc.get_object().get(object)) return 0;
    sp::ParsedRecord parsed;
    sp::Arena arena;
    if (sp::read_object_fields(object, mapper.flatten(), parsed.fields, arena)) return 0;
    std::string reason;
    sp::RejectKind kind;
    if (!mapper.apply(parsed, arena, reason, kind)) {
      if (reason.empty()) std::abort();  // a rejection always says why
      return 0;
    }
    std::string out;
    sp::write_fields_json(parsed.fields, out);
    // Names and values marked plain are copied unscanned: the same fields
    // with every one escaped by the writer must give the same bytes.
    std::vector<sp::Field> scanned = parsed.fields;
    for (sp::Field& f : scanned) f.plain_name = f.plain_value = false;
    std::string out_scanned;
    sp::write_fields_json(scanned, out_scanned);
    if (out != out_scanned) std::abort();
    simdjson::dom::parser check;
    simdjson::dom::element e;
    if (check.parse(out).get(e) || !e.is_object()) std::abort();
  } catch (const sp::UsageError&) {
  }
  return 0;
}
