// One synthetic event, before it is written in an output format. Every
// format is written from the same fields, so the same seed gives the same
// events whatever --format says.
#pragma once
#include <cstdint>

#include "libcommon/units.h"
#include "tools/sp-gen/catalog.h"

namespace sp::gen {

struct Event {
  uint64_t id_bits = 0;     // unique per fresh event; written as "evt-<16 hex>"
  Nanos ts = 0;             // event time
  uint64_t user = 1;        // 1..keys, written as "u<user>"
  uint32_t session = 0;     // written as "s-<8 hex>"; changes every 30 min of event time
  EventKind kind = EventKind::View;
  int64_t amount_cents = 0; // purchases only; 0 otherwise
  uint32_t latency_ms = 0;
  uint16_t status = 200;    // HTTP status, for access logs
  uint32_t bytes = 0;       // response body size, for access logs
  uint32_t item = 0;        // product/order number or search-term index
  uint8_t country = 0;      // index into countries()
  uint8_t city = 0;         // index into that country's cities
  uint8_t user_agent = 0;   // index into user_agents()
  uint8_t host = 1;         // web-01.. for syslog
  uint32_t ip = 0;          // client IPv4 address (documentation ranges)
  bool late = false;        // generated older than the lateness bound
};

}  // namespace sp::gen
