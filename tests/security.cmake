# sp(7) SECURITY: no implicit shell, the --pseudonymize key kept secret,
# checkpoints 0600.
add_test(NAME "security: no shell, key never written, checkpoints 0600"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/security/security_test.sh ${PROJECT_BINARY_DIR}/tools)
set_tests_properties("security: no shell, key never written, checkpoints 0600" PROPERTIES LABELS security TIMEOUT 120)
