# The runtime's choices that depend on the machine: read-ahead only where a
# second CPU can run it (tests/runtime/).
add_test(NAME "runtime: one thread on one CPU, the same output"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/runtime/one_cpu_test.sh ${PROJECT_BINARY_DIR}/tools)
set_tests_properties("runtime: one thread on one CPU, the same output" PROPERTIES LABELS runtime TIMEOUT 120)
