# Runs `chargetwin ykc decode|encode` as a vendor would: a frame as an argument, a pasted
# frame split into one argument per byte, a capture on stdin with a bad line in it, a frame
# with a wrong CRC, and JSON back to hex.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(expect_contains haystack needle what)
  string(FIND "${haystack}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what}: expected to find\n  ${needle}\nin\n${haystack}")
  endif()
endfunction()

set(login_response "68 0C 00 00 00 02 55 03 14 12 78 23 05 00 DA 4C")

# One frame as one argument.
execute_process(COMMAND ${EXE} ykc decode "${login_response}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "decode of a valid frame should exit 0, got ${rc}\n${out}\n${err}")
endif()
foreach(needle "\"type\": \"0x02\"" "\"name\": \"Login response\"" "\"nameZh\": \"登录认证应答\""
               "\"direction\": \"platform->pile\"" "\"sequence\": 0" "\"status\": \"ok\""
               "\"pileCode\": \"55031412782305\"" "\"result\": \"0x00 success\"")
  expect_contains("${out}" "${needle}" "decode")
endforeach()

# Pasted without quotes: one argument per byte.
execute_process(COMMAND ${EXE} ykc decode 68 0D 00 00 00 03 32 36 31 36 38 33 39 01 00 67 F2
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "decode of byte arguments should exit 0, got ${rc}\n${out}\n${err}")
endif()
expect_contains("${out}" "\"gunState\": \"0x00 normal\"" "byte arguments")

# A capture on stdin: a good line, a line that is not hex, a frame with a swapped CRC.
file(WRITE ${WORK}/capture.txt
  "# a capture\n"
  "${login_response}\n"
  "hello\n"
  "68 40 BB BD 00 13 20 23 12 12 00 00 10 00 00 00 00 10 05 71 36 00 32 01 06 00 39 56 00 02 03 02 01 94 0E F4 03 54 00 00 00 00 00 00 00 00 4E 55 10 00 20 00 C0 57 01 00 00 00 00 00 60 6C 01 00 00 00 93 73\n")
execute_process(COMMAND ${EXE} ykc decode INPUT_FILE ${WORK}/capture.txt
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "a capture with a bad line should exit non-zero\n${out}\n${err}")
endif()
expect_contains("${err}" "line 3: not a frame" "bad line")
expect_contains("${out}" "\"pileCode\": \"55031412782305\"" "line before the bad one")
expect_contains("${out}" "\"status\": \"swapped\"" "line after the bad one")
expect_contains("${out}" "\"outputVoltage\": \"373.2 V\"" "line after the bad one")
expect_contains("${out}" "\"energy\": \"8.8000 kWh\"" "line after the bad one")

# A wrong CRC: shown with the bytes expected, and a failing exit.
execute_process(COMMAND ${EXE} ykc decode "68 0C 00 00 00 02 55 03 14 12 78 23 05 00 DA 4D"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "a bad CRC should exit 1, got ${rc}\n${out}\n${err}")
endif()
expect_contains("${out}" "\"status\": \"bad\"" "bad CRC")
expect_contains("${out}" "\"expected\": \"DA 4C\"" "bad CRC")
expect_contains("${out}" "\"actual\": \"DA 4D\"" "bad CRC")
expect_contains("${out}" "\"kind\": \"bad_crc\"" "bad CRC")

# decode -> encode gives the frame back.
execute_process(COMMAND ${EXE} ykc decode --compact "${login_response}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE decoded ERROR_VARIABLE err)
execute_process(COMMAND ${EXE} ykc encode "${decoded}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(STRIP "${out}" out)
if(NOT rc EQUAL 0 OR NOT out STREQUAL login_response)
  message(FATAL_ERROR "encode of decode's output should give the frame back, exit ${rc}\n${out}\n${err}")
endif()

# Hand-written JSON; the CRC is computed.
execute_process(COMMAND ${EXE} ykc encode "{\"type\":\"0x12\",\"body\":{\"pileCode\":\"32010200000001\",\"gun\":1}}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(STRIP "${out}" out)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "68 0C 00 00 00 12 32 01 02 00 00 00 01 01 E3 1D")
  message(FATAL_ERROR "hand-written JSON, exit ${rc}\n${out}\n${err}")
endif()

execute_process(COMMAND ${EXE} ykc encode "{\"type\":\"0x12\",\"body\":{\"gun\":100}}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "a gun number above 99 should be refused\n${out}\n${err}")
endif()
expect_contains("${err}" "body.gun" "refused JSON")
