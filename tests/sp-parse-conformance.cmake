# sp-parse conformance against the shared corpora, read in place.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME "sp-parse: csv-spectrum conformance"
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/conformance/csv_spectrum.py
            ${PROJECT_BINARY_DIR}/tools/sp-parse ${PROJECT_SOURCE_DIR}/../shared/corpora/csv-spectrum)
  set_tests_properties("sp-parse: csv-spectrum conformance" PROPERTIES LABELS conformance TIMEOUT 120)
endif()
