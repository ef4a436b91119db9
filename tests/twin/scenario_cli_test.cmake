# Runs `chargetwin scenario` as a user would: a passing run exits 0 and writes its
# report; a failing expectation exits 1 and is named; a broken file exits 1 on check.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

execute_process(COMMAND ${EXE} scenario run ${SCENARIO} --report ${WORK}/smoke.json --quiet
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "smoke should pass, exit ${rc}\n${out}\n${err}")
endif()
file(READ ${WORK}/smoke.json report)
string(JSON passed GET "${report}" passed)
string(JSON hash GET "${report}" eventLogHash)
if(NOT passed STREQUAL "ON" OR hash STREQUAL "")
  message(FATAL_ERROR "report does not say passed / has no hash:\n${report}")
endif()
if(NOT out MATCHES "PASS energy_matches_register")
  message(FATAL_ERROR "summary lacks the expectations:\n${out}")
endif()

file(READ ${SCENARIO} text)
string(JSON text SET "${text}" expectations "[{\"check\":\"min_sessions\",\"min\":99999}]")
file(WRITE ${WORK}/impossible.json "${text}")
execute_process(COMMAND ${EXE} scenario run ${WORK}/impossible.json --report ${WORK}/i.json --quiet
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT out MATCHES "FAIL min_sessions")
  message(FATAL_ERROR "an impossible expectation should fail by name, exit ${rc}\n${out}\n${err}")
endif()

file(WRITE ${WORK}/broken.json "{\"name\":\"b\",\"duration\":\"1h\",\"topology\":{\"stations\":[]},\"speed\":2}")
execute_process(COMMAND ${EXE} scenario check ${WORK}/broken.json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT out MATCHES "speed: unknown field")
  message(FATAL_ERROR "check should name the bad field, exit ${rc}\n${out}\n${err}")
endif()
