#include "tools/sp-parse/json_source.h"

namespace sp {

void JsonPassThrough::on_record(const Record& record, Context& ctx) {
  std::string reason;
  if (!ctx.json().validate_object(reason)) {
    ctx.reject(record, reason);
    return;
  }
  ctx.emit(record.text);
}

}  // namespace sp
