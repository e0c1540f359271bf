# Reads one tool's CLI11 --help-all text and prints one row per option, fields
# separated by the ASCII unit separator (\037):
#   longs  shorts  kind  values  repeat  default  description
# longs/shorts/values are space-separated lists; kind is flag, value, file or
# dir; repeat is 1 when the option may be given several times.
#
# CLI11 2.1 prints an option as
#   "  -o,--output FILE=-           description"
#   "  --format TEXT:{ndjson,csv}=ndjson"      (long: description on the next line)
# with the description starting at a fixed column, sometimes after a single
# space. That column is found as the most common one on lines with a wide gap.
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function indent_of(s) { match(s, /[^ ]/); return RSTART - 1 }
function is_option_line(s,    body, names) {
  body = s; sub(/^ +/, "", body)
  if (s !~ /^ /) return 0
  names = body; sub(/ .*/, "", names)
  return names ~ /^-[-A-Za-z0-9?]([-A-Za-z0-9_.?]*)(,-[-A-Za-z0-9?][-A-Za-z0-9_.?]*)*$/
}
function listed_values(d,    tok, closed, open, list, n, parts, k, out) {
  tok = "[a-z0-9][a-z0-9_.+-]*"
  closed = "^" tok "((, " tok ")+(,? or " tok ")?|( or " tok "))( \\(|[;:.]|$)"
  open = "^" tok "(, " tok ")+,? or "
  if (match(d, closed)) list = substr(d, 1, RLENGTH)
  else if (match(d, open)) list = substr(d, 1, RLENGTH)
  else return ""
  sub(/ \($/, "", list); sub(/[;:.]$/, "", list)
  gsub(/,? or /, " ", list); gsub(/, /, " ", list)
  return trim(list)
}
# The examples at the end hold command lines that can look like options.
/^EXAMPLES:/ { done = 1 }
!done { line[++n] = $0 }
END {
  # Pass 1: the description column (relative to the option's indent).
  for (i = 1; i <= n; i++) {
    if (!is_option_line(line[i])) continue
    ind = indent_of(line[i]); body = substr(line[i], ind + 1)
    g = index(body, "  ")
    if (g == 0) continue
    rest = substr(body, g); match(rest, /[^ ]/)
    if (RSTART == 0) continue
    col[g - 1 + RSTART]++
  }
  desccol = 0; best = 0
  for (c in col) if (col[c] > best) { best = col[c]; desccol = c + 0 }

  # Pass 2: the options.
  for (i = 1; i <= n; i++) {
    if (!is_option_line(line[i])) continue
    ind = indent_of(line[i]); body = substr(line[i], ind + 1)
    sub(/ +$/, "", body)
    g = index(body, "  ")
    if (g > 0) {
      field = substr(body, 1, g - 1); desc = trim(substr(body, g))
    } else if (desccol > 2 && length(body) >= desccol && substr(body, desccol - 1, 1) == " " && substr(body, desccol, 1) != " ") {
      field = substr(body, 1, desccol - 2); desc = trim(substr(body, desccol))
    } else {
      field = body; desc = ""
    }
    if (desc == "" && i < n && indent_of(line[i + 1]) > ind && !is_option_line(line[i + 1]))
      desc = trim(line[i + 1])

    names = field; sub(/ .*/, "", names)
    spec = ""
    if (index(field, " ") > 0) spec = trim(substr(field, index(field, " ") + 1))
    repeat = 0
    if (spec ~ / \.\.\.$/) { repeat = 1; sub(/ \.\.\.$/, "", spec) }

    # default: after the last '=' that is not inside {...}
    def = ""; type = spec
    lastbrace = 0
    for (k = length(spec); k > 0; k--) if (substr(spec, k, 1) == "}") { lastbrace = k; break }
    tail = substr(spec, lastbrace + 1)
    eq = index(tail, "=")
    if (eq > 0) { def = substr(tail, eq + 1); type = substr(spec, 1, lastbrace + eq - 1) }

    values = ""
    ob = index(type, ":{")
    if (ob > 0 && lastbrace > ob) {
      inner = substr(type, ob + 2, lastbrace - ob - 2)
      nv = split(inner, vs, ",")
      for (k = 1; k <= nv; k++) {
        v = vs[k]; sub(/->.*/, "", v); v = trim(v)
        if (v != "") values = values (values == "" ? "" : " ") v
      }
    }

    # No CLI11 {a,b,c}: take values the description lists first, as in
    # "ndjson, csv or logfmt (default ndjson)" or "auto, rfc3339 or a pattern".
    if (values == "" && spec != "") values = listed_values(desc)

    kind = "flag"
    if (spec != "") {
      kind = "value"
      t = type; gsub(/[^A-Z]+/, " ", t); nt = split(t, ts, " ")
      for (k = 1; k <= nt; k++) {
        if (ts[k] == "FILE" || ts[k] == "FILES" || ts[k] == "PATH") kind = "file"
        else if ((ts[k] == "DIR" || ts[k] == "DIRECTORY") && kind != "file") kind = "dir"
      }
      if (values != "") kind = "value"
    }

    longs = ""; shorts = ""
    nn = split(names, ns, ",")
    for (k = 1; k <= nn; k++) {
      if (ns[k] ~ /^--/) longs = longs (longs == "" ? "" : " ") ns[k]
      else shorts = shorts (shorts == "" ? "" : " ") ns[k]
    }
    gsub(/\037/, " ", desc)
    printf "%s\037%s\037%s\037%s\037%s\037%s\037%s\n", longs, shorts, kind, values, repeat, def, desc
  }
}
