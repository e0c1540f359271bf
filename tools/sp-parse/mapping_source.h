// The operator sp-parse runs when a mapping option is given: records from
// any format become a field list (ParsedRecord), go through the FieldMapper
// and are written as one JSON object.
//
//   --from json: the driver's loaded record is validated (any JSON value),
//     non-objects are wrapped (--wrap) or rejected, and the object's
//     top-level members become fields (names unescaped; strings unescaped,
//     other values as their raw JSON text; --flatten descends into objects).
//   text formats: the format operator (TextSource) runs inside, and each
//     object it emits is read back into fields the same way.
//
// Rejections are counted by category (rejected_not_object, ...) in --stats.
// Also: prepare_mapping(), which main calls before run_tool to merge
// --schema and decide who reads --time-field.
#pragma once
#include <simdjson.h>

#include <array>
#include <memory>
#include <string>

#include "libcommon/cli.h"
#include "libcommon/operator.h"
#include "tools/sp-parse/formats.h"
#include "tools/sp-parse/mapping.h"

namespace sp {

// Reads the members of a validated object (the text is well-formed JSON)
// into `fields`, flattening nested objects to a.b.c names when `flatten`.
// String views point into the record, the parser's buffers and `arena`.
// Returns a simdjson error, if any.
simdjson::error_code read_object_fields(simdjson::ondemand::object object, bool flatten, std::vector<Field>& fields,
                                        Arena& arena);

class MappingSource final : public Operator {
 public:
  // `inner`: the text-format operator, or null for --from json.
  MappingSource(std::unique_ptr<FieldMapper> mapper, std::unique_ptr<Operator> inner);

  void on_record(const Record& record, Context& ctx) override;
  void on_watermark(Nanos watermark, Context& ctx) override;
  void on_idle(Nanos now, Context& ctx) override;
  void on_end(EndKind kind, Context& ctx) override;
  void snapshot(StateWriter& out) const override;
  void restore(StateReader& in) override;
  std::string state_options() const override;
  bool wants_json() const override { return inner_ ? inner_->wants_json() : true; }

 private:
  class Forward;  // the Context the inner operator sees
  void on_json(const Record& record, Context& ctx);
  void on_inner_emit(std::string_view json, Context& ctx);
  void finish(const Record& record, Context& ctx);
  void reject(const Record& record, RejectKind kind, Context& ctx);

  std::unique_ptr<FieldMapper> mapper_;
  std::unique_ptr<Operator> inner_;
  simdjson::dom::parser validator_;
  simdjson::ondemand::parser parser_;
  simdjson::ondemand::document doc_;
  std::string padded_;
  ParsedRecord parsed_;
  Arena arena_;
  std::string reason_;
  std::string out_;
  Record current_;
  std::array<uint64_t*, 5> counters_{};
};

// Before run_tool: merges --schema, copies the common --time-field and
// --time-format into `mapping` and, when the mapping layer handles event
// time (text formats, or any rewriting), clears the common --time-field so
// the driver does not read it from the raw line. Returns -1 to go on, or
// the exit status after reporting a usage error.
int prepare_mapping(ToolCli& cli, const FormatOptions& formats, MappingOptions& mapping);

// The operator for sp-parse: the format operator alone when nothing needs
// mapping (JSON passes through byte-for-byte), else a MappingSource.
std::unique_ptr<Operator> make_parse_operator(const FormatOptions& formats, const MappingOptions& mapping);

}  // namespace sp
