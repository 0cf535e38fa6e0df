cmake_minimum_required(VERSION 3.25)
# Builds the .deb with CPack and checks it with dpkg-deb: Package, Version, Section and
# Maintainer; Depends names the shared libraries and the runtime packages (GL, fonts); the
# files a desktop and the app look for are in it, under /usr.
# cmake -DCPACK=... -DDPKG_DEB=... -DBUILD_DIR=... -DOUT_DIR=... -DVERSION=... -DGUI=ON|OFF -P check_deb.cmake
file(REMOVE_RECURSE ${OUT_DIR})
execute_process(COMMAND ${CPACK} -G DEB --config ${BUILD_DIR}/CPackConfig.cmake -B ${OUT_DIR}
                WORKING_DIRECTORY ${BUILD_DIR} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cpack -G DEB failed (${rc}):\n${out}")
endif()
file(GLOB debs ${OUT_DIR}/zooscope_*.deb)
list(LENGTH debs n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one zooscope_*.deb in ${OUT_DIR}, found ${n}: ${debs}\n${out}")
endif()
message(STATUS "built ${debs}")

set(failures "")
foreach(field Package Version Section Maintainer Depends)
  execute_process(COMMAND ${DPKG_DEB} -f ${debs} ${field} OUTPUT_VARIABLE value
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  message(STATUS "${field}: ${value}")
  set(${field} "${value}")
endforeach()
if(NOT Package STREQUAL "zooscope")
  string(APPEND failures "Package is \"${Package}\", not zooscope\n")
endif()
if(NOT Version STREQUAL VERSION)
  string(APPEND failures "Version is \"${Version}\", not ${VERSION} (project())\n")
endif()
if(NOT Section STREQUAL "education")
  string(APPEND failures "Section is \"${Section}\", not education\n")
endif()
if(NOT Maintainer MATCHES "^[^<]+ <[^>]+@[^>]+>$")
  string(APPEND failures "Maintainer \"${Maintainer}\" is not \"Name <email>\"\n")
endif()

set(depends libc6 libstdc++6 libfmt9 libtomlplusplus3)
if(GUI)
  list(APPEND depends libglfw3 libgl1 fonts-dejavu-core "fonts-noto-cjk | fonts-wqy-microhei")
endif()
string(REPLACE ", " ";" have "${Depends}")
list(TRANSFORM have REPLACE " \\(.*\\)$" "")  # drop version constraints
foreach(d IN LISTS depends)
  if(NOT d IN_LIST have)
    string(APPEND failures "Depends lacks ${d}\n")
  endif()
endforeach()

execute_process(COMMAND ${DPKG_DEB} -c ${debs} OUTPUT_VARIABLE listing)
foreach(f bin/zooscope share/applications/zooscope.desktop
          share/icons/hicolor/scalable/apps/zooscope.svg
          share/zooscope/assets/lang/en.json share/zooscope/assets/lang/zh-CN.json
          share/zooscope/assets/scenarios/startup.json
          share/zooscope/assets/ensembles/tutorial-3/zoo1.cfg
          share/zooscope/labs/01-tutorial-3.toml
          share/zooscope/labs/files/12-config-pitfalls/fixed/zoo.cfg
          share/doc/zooscope/README.md)
  string(FIND "${listing}" " ./usr/${f}\n" at)
  if(at EQUAL -1)
    string(APPEND failures "the package has no /usr/${f}\n")
  endif()
endforeach()

if(failures)
  message(FATAL_ERROR "${debs}:\n${failures}")
endif()
message(STATUS "ok: fields, Depends and files")
