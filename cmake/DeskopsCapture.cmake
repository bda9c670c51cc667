# cmake -DPROGRAM=<exe> -DARGS="<arg> ..." -DOUTPUT=<file> -P DeskopsCapture.cmake
#
# Runs PROGRAM with ARGS and writes its standard output to OUTPUT: the build step that generates
# the man page and the shell completions from the built deskops (DeskopsInstall.cmake). Fails the
# build, with the program's error, when the program fails; OUTPUT appears only when it succeeded.
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND "${PROGRAM}" ${args}
                OUTPUT_FILE "${OUTPUT}.tmp"
                ERROR_VARIABLE error
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "${PROGRAM} ${ARGS} failed (${result}): ${error}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
