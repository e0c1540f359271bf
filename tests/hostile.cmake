# Hostile input: every tool that reads records gets empty input, binary
# garbage, NUL bytes, bad UTF-8, UTF-16, 100k-deep JSON, huge numbers,
# extreme timestamps, a 200 MB line, ... (tests/hostile/hostile_inputs.py,
# generated at test time) and must reject or pass each record, account for
# all of them and name line and byte offset (tests/hostile/hostile_test.py).
# sp-gen reads no input; its option values are covered by its golden cases.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  foreach(tool sp-parse sp-dedup sp-window sp-partition sp-join)
    add_test(NAME "hostile: ${tool}"
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/hostile_test.py
                     ${PROJECT_BINARY_DIR}/tools ${tool} --big)
    set_tests_properties("hostile: ${tool}" PROPERTIES LABELS hostile TIMEOUT 1200)
  endforeach()
endif()
