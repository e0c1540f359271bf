# --progress and --status: behaviour that depends on real time and on
# terminals, so it lives outside the golden cases (which pin what the status
# document says with a frozen clock).
add_test(NAME "status: --status documents of a followed, growing file"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/status/status_test.sh ${PROJECT_BINARY_DIR}/tools)
set_tests_properties("status: --status documents of a followed, growing file" PROPERTIES TIMEOUT 120 LABELS status)
add_test(NAME "status: --progress draws on terminals only"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/status/progress_test.sh ${PROJECT_BINARY_DIR}/tools)
set_tests_properties("status: --progress draws on terminals only" PROPERTIES TIMEOUT 120 LABELS status)
