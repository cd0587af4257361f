# SPDX-License-Identifier: MIT
# Run by CTest (tst_layering_build) with -DBUILD_DIR=...: builds the two probes one after the
# other in the project's build directory.
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target promptgrid_layering_right_way
    RESULT_VARIABLE right OUTPUT_VARIABLE right_output ERROR_VARIABLE right_output)
if(NOT right EQUAL 0)
    message(FATAL_ERROR "a right-way include (model -> model, util) did not compile:\n${right_output}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target promptgrid_layering_wrong_way
    RESULT_VARIABLE wrong OUTPUT_VARIABLE wrong_output ERROR_VARIABLE wrong_output)
if(wrong EQUAL 0)
    message(FATAL_ERROR "a wrong-way include (model -> engine's Scheduler.h) compiled: the model layer can see "
                        "the engine's headers")
endif()
if(NOT wrong_output MATCHES "Scheduler\\.h.*(No such file|not found)")
    message(FATAL_ERROR "the wrong-way probe failed, but not for want of Scheduler.h:\n${wrong_output}")
endif()
message(STATUS "right-way include compiled; wrong-way include refused: Scheduler.h is not on the model's include path")
