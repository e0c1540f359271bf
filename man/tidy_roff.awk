# Tidies scdoc's man output so `mandoc -T lint -W warning` is clean: scdoc
# puts a .P paragraph macro before and after every .SH and before every .RE,
# which mandoc reports as "skipping paragraph macro". This drops a .P that
# directly follows .SH/.SS or precedes .SH/.SS or the end, collapses repeated
# .P, and moves a .P that precedes .RE to after it. The rendered page is the
# same.
function flush() { if (pending) { print ".P"; pending = 0 } }
/^\.(P|PP|LP)[ \t]*$/ { if (!after_heading) pending = 1; next }
/^\.(SH|SS)([ \t]|$)/ { pending = 0; print; after_heading = 1; next }
/^\.RE([ \t]|$)/ { print; next }
{ after_heading = 0; flush(); print }
