# Installs zooscope like a desktop app, and packs that as a .deb (included by the top-level
# CMakeLists.txt once the zooscope target exists):
#   <prefix>/bin/zooscope
#   <prefix>/share/zooscope/assets/{lang,scenarios,ensembles}, <prefix>/share/zooscope/labs
#     (with labs/files); the executable finds them as ../share/zooscope (cli/assets.hpp)
#   <prefix>/share/applications/zooscope.desktop, .../icons/hicolor/scalable/apps/zooscope.svg
#   <prefix>/share/doc/zooscope: README.md and docs/*.md
#
#   cmake --install build --prefix ~/.local      # or /usr/local (the default), as root
#   cd build && cpack -G DEB                     # zooscope_<version>_<arch>.deb, prefix /usr

install(TARGETS zooscope RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/lang ${PROJECT_SOURCE_DIR}/assets/scenarios
                  ${PROJECT_SOURCE_DIR}/assets/ensembles
        DESTINATION ${ZS_INSTALL_DATADIR}/assets)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/labs/ DESTINATION ${ZS_INSTALL_DATADIR}/labs)
install(FILES ${PROJECT_SOURCE_DIR}/assets/desktop/zooscope.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/assets/desktop/zooscope.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
file(GLOB ZS_DOCS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${ZS_DOCS} DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The .deb: its Depends are the shared libraries the executable links (dpkg-shlibdeps finds
# libglfw3, libfmt9, libstdc++6, ...) plus what it loads at run time: OpenGL through GLFW
# (libgl1) and the fonts gui/fonts.cpp opens (DejaVu for Latin; Noto CJK, or WenQuanYi Micro
# Hei, for Chinese).
set(ZS_DEB_MAINTAINER "zooscope maintainers <zooscope@example.invalid>" CACHE STRING
    "Maintainer field of the .deb (Name <email>)")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME zooscope)
set(CPACK_PACKAGE_VENDOR zooscope)
# The summary is the Description's first line, the description the lines below it.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "learn how Apache ZooKeeper 3.8 elects a leader and replicates writes")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"zooscope runs a whole Apache ZooKeeper 3.8 ensemble inside one process under a
deterministic simulator and draws what the protocol does: Fast Leader Election
votes, Zab proposals, ACKs and COMMITs, each server's data tree and sessions,
with a zkCli console and step-by-step labs in English and Simplified Chinese.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${ZS_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # zooscope_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(ZS_BUILD_GUI)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libgl1, fonts-dejavu-core, fonts-noto-cjk | fonts-wqy-microhei")
endif()
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
