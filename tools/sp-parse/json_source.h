// sp-parse --from json: NDJSON in, each valid object written out
// byte-for-byte as it came (validated, never re-serialised).
#pragma once
#include "libcommon/operator.h"

namespace sp {

class JsonPassThrough final : public Operator {
 public:
  void on_record(const Record& record, Context& ctx) override;
};

}  // namespace sp
