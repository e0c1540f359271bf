// sp-parse --from json: NDJSON in, each valid object written out
// byte-for-byte as it came (validated, never re-serialised).
#pragma once
#include "libcommon/json_record.h"
#include "libcommon/operator.h"

namespace sp {

class JsonPassThrough final : public Operator {
 public:
  void on_record(const Record& record, Context& ctx) override;
  // Validates the batch at once; records of a batch that passes are
  // written without a parse of their own.
  bool on_batch(const std::vector<InputLine>& lines) override;
  bool validates_batch_encoding() const override { return true; }
  // The one full parse below is all this operator needs: the driver's
  // On-Demand load would index every record a second time.
  bool wants_json() const override { return false; }

 private:
  JsonValidator validator_;
  std::string reason_;
  std::vector<std::string_view> texts_;
  // The bytes of the current batch when all of its lines are valid objects.
  const char* valid_begin_ = nullptr;
  const char* valid_end_ = nullptr;
};

}  // namespace sp
