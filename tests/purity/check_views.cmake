# The views draw a ClusterView and nothing else: no file in gui/views may include, directly or
# through another header, anything from engine/sim or engine/peer (the whiteboard's "never
# Gui -> Sim / Peer"). Each view is compiled with -fsyntax-only -H, which lists every header
# it pulls in.
#   cmake -DCXX=<compiler> -DZS_SOURCE_DIR=<repo> -DIMGUI_INCLUDE=<dir> -P check_views.cmake
if(NOT DEFINED CXX OR NOT DEFINED ZS_SOURCE_DIR)
  message(FATAL_ERROR "usage: cmake -DCXX=<compiler> -DZS_SOURCE_DIR=<repo> -DIMGUI_INCLUDE=<dir> -P check_views.cmake")
endif()
file(GLOB views ${ZS_SOURCE_DIR}/gui/views/*.cpp)
set(bad 0)
foreach(view IN LISTS views)
  execute_process(
    COMMAND ${CXX} -std=c++20 -fsyntax-only -H -I${ZS_SOURCE_DIR}/engine -I${ZS_SOURCE_DIR}/gui
            -I${IMGUI_INCLUDE} ${view}
    RESULT_VARIABLE rc ERROR_VARIABLE headers OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(SEND_ERROR "${view}: does not compile on its own:\n${headers}")
    set(bad 1)
    continue()
  endif()
  string(REGEX MATCHALL "[^\n]*engine/(sim|peer)/[^\n]*" hits "${headers}")
  foreach(h IN LISTS hits)
    string(STRIP "${h}" h)
    string(REGEX REPLACE "^\\.+ " "" h "${h}")
    message("${view}: pulls in ${h}")
    set(bad 1)
  endforeach()
endforeach()
list(LENGTH views n)
if(bad)
  message(FATAL_ERROR "a view reaches into the simulator or a peer: draw from ClusterView (engine/view) instead")
endif()
message("${n} views: none includes engine/sim or engine/peer")
