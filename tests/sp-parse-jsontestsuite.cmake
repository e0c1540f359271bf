# sp-parse --wrap value against JSONTestSuite, read in place from the shared
# corpora (y_ accepted with values preserved, n_ rejected, i_ as documented
# in sp-parse(1)).
find_program(SP_TIMEOUT timeout)
find_package(Python3 COMPONENTS Interpreter)
if(SP_TIMEOUT AND Python3_Interpreter_FOUND)
  add_test(NAME "sp-parse: JSONTestSuite conformance"
    COMMAND bash ${PROJECT_SOURCE_DIR}/tests/conformance/jsontestsuite.sh
            ${PROJECT_BINARY_DIR}/tools/sp-parse ${PROJECT_SOURCE_DIR}/../shared/corpora/jsontestsuite
            ${PROJECT_SOURCE_DIR}/man/sp-parse.1.scd)
  set_tests_properties("sp-parse: JSONTestSuite conformance" PROPERTIES LABELS conformance TIMEOUT 300)
endif()
