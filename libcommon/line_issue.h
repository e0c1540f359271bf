// The rejection reason for an input line the reader flagged (too long, NUL
// byte, invalid UTF-8), worded the same by the driver and by tools that read
// a second input themselves (sp-join --right).
#pragma once
#include "libcommon/line_splitter.h"

namespace sp {

const char* describe_issue(LineIssue issue);

}  // namespace sp
