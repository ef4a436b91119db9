# `chargetwin ledger verify` as an operator runs it: a database whose wallets equal their
# journal exits 0; a wallet edited behind the journal's back exits 1 and is named; a
# missing database exits 2.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

# A real database with orders in it: the smoke scenario, kept.
execute_process(COMMAND ${EXE} scenario run ${SCENARIO} --db ${WORK}/ct.db --quiet
                        --report ${WORK}/smoke.json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "smoke should pass, exit ${rc}\n${out}\n${err}")
endif()

execute_process(COMMAND ${EXE} ledger verify --db ${WORK}/ct.db
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "ok: every wallet equals its journal")
  message(FATAL_ERROR "a consistent ledger should verify, exit ${rc}\n${out}\n${err}")
endif()

# A cached balance nobody journaled.
execute_process(COMMAND sqlite3 ${WORK}/ct.db
                        "INSERT INTO wallets (driver_id, tenant_id, cash_fen, gift_fen, held_cash_fen, held_gift_fen, refunding_fen, entries, updated_at) VALUES (999, 1, 500, 0, 0, 0, 0, 0, 0)"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "could not edit the database: ${err}")
endif()
execute_process(COMMAND ${EXE} ledger verify --db ${WORK}/ct.db
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT out MATCHES "MISMATCH tenant 1 driver 999" OR NOT out MATCHES "cash 500")
  message(FATAL_ERROR "the edited wallet should be named, exit ${rc}\n${out}\n${err}")
endif()

execute_process(COMMAND ${EXE} ledger verify --db ${WORK}/missing.db
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "a missing database should exit 2, exit ${rc}\n${out}\n${err}")
endif()
