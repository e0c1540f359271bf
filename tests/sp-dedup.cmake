# sp-dedup: oracle (awk/jq) comparisons, checkpoint split runs and kill -9
# resume, all on sp-gen data.
set(sp_dedup_tools ${PROJECT_BINARY_DIR}/tools)
add_test(NAME "sp-dedup: oracle against awk and jq"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/oracle/sp-dedup_oracle_test.sh ${sp_dedup_tools})
add_test(NAME "sp-dedup: a run split by a checkpoint equals one run"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/oracle/sp-dedup_checkpoint_split_test.sh ${sp_dedup_tools})
add_test(NAME "sp-dedup: resume after kill -9"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/crash/sp-dedup_kill_resume_test.sh ${sp_dedup_tools})
add_test(NAME "sp-dedup: resume after kill -9 (--keep last, LRU bound)"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/crash/sp-dedup_kill_resume_test.sh ${sp_dedup_tools}
                 --key user --keep last --count-field n --max-keys 3000)
set_tests_properties("sp-dedup: oracle against awk and jq"
                     "sp-dedup: a run split by a checkpoint equals one run"
                     "sp-dedup: resume after kill -9"
                     "sp-dedup: resume after kill -9 (--keep last, LRU bound)"
                     PROPERTIES TIMEOUT 300 LABELS sp-dedup)
