#include "tools/sp-parse/json_source.h"

namespace sp {

void JsonPassThrough::on_record(const Record& record, Context& ctx) {
  if (!validator_.validate_object(record.text, reason_)) {
    ctx.reject(record, reason_);
    return;
  }
  ctx.emit(record.text);
}

}  // namespace sp
