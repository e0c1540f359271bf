# sp-join: differential tests against sqlite3 (table and interval joins) and
# the --reload test.
set(sp_join_tools ${PROJECT_BINARY_DIR}/tools)
add_test(NAME "sp-join: stream-table joins match sqlite3"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/join/sqlite_oracle_test.sh ${sp_join_tools})
add_test(NAME "sp-join: --reload replaces the table mid-stream and keeps it when the new one is broken"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/join/reload_test.sh ${sp_join_tools})
add_test(NAME "sp-join: interval joins (--right) match sqlite3"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/join/interval_oracle_test.sh ${sp_join_tools})
add_test(NAME "sp-join: --right from a FIFO fed in bursts equals --right from a file"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/join/interval_fifo_test.sh ${sp_join_tools})
set_tests_properties("sp-join: stream-table joins match sqlite3"
                     "sp-join: --right from a FIFO fed in bursts equals --right from a file"
                     "sp-join: interval joins (--right) match sqlite3"
                     "sp-join: --reload replaces the table mid-stream and keeps it when the new one is broken"
                     PROPERTIES TIMEOUT 300 LABELS sp-join SKIP_RETURN_CODE 77)
