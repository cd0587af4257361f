# SPDX-License-Identifier: MIT
# Run by CTest (tst_layering_build) with -DBUILD_DIR=... -DGUI=ON|OFF: builds the probes one
# after the other in the project's build directory.

# probe(RIGHT WRONG HEADER WHAT): RIGHT must compile; WRONG must fail for want of HEADER.
function(probe right wrong header what)
    execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target promptgrid_layering_${right}
        RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "a right-way include (${what}) did not compile:\n${output}")
    endif()
    execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target promptgrid_layering_${wrong}
        RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(status EQUAL 0)
        message(FATAL_ERROR "a wrong-way include (${header} from ${what}) compiled: its folder can see that header")
    endif()
    string(REPLACE "." "\\." pattern "${header}")
    if(NOT output MATCHES "${pattern}.*(No such file|not found)")
        message(FATAL_ERROR "the wrong-way probe (${what}) failed, but not for want of ${header}:\n${output}")
    endif()
    message(STATUS "${what}: right-way include compiled; wrong-way include refused: ${header} is not on its include path")
endfunction()

probe(right_way wrong_way Scheduler.h "the model layer")
if(GUI)
    probe(ui_right_way ui_wrong_way MainWindow.h "the ui/judging folder")
endif()
