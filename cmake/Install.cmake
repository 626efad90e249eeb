# What `cmake --install` puts where, and how `cpack -G DEB` packs it. Two
# components: `cofetch` (the command, its man page, shell completions, README)
# and `dev` (cofetch::core: headers, static library, CMake package).
include(CMakePackageConfigHelpers)

# --- The man page and the completions, generated from the option definitions.
add_executable(cofetch-docs
  src/docs/main.cpp
  src/docs/man_page.cpp
  src/docs/completions.cpp
  src/docs/option_model.cpp)
target_include_directories(cofetch-docs PRIVATE src)
target_link_libraries(cofetch-docs PRIVATE cofetch_app CLI11::CLI11)
set_target_properties(cofetch-docs PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 0)

set(COFETCH_DOCS_DIR ${PROJECT_BINARY_DIR}/docs)
set(COFETCH_DOCS_FILES)
foreach(kind_and_name man:cofetch.1 bash:cofetch.bash zsh:_cofetch fish:cofetch.fish)
  string(REPLACE ":" ";" pair ${kind_and_name})
  list(GET pair 0 kind)
  list(GET pair 1 name)
  add_custom_command(OUTPUT ${COFETCH_DOCS_DIR}/${name}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${COFETCH_DOCS_DIR}
    COMMAND cofetch-docs ${kind} ${COFETCH_DOCS_DIR}/${name}
    DEPENDS cofetch-docs
    COMMENT "Generating ${name}")
  list(APPEND COFETCH_DOCS_FILES ${COFETCH_DOCS_DIR}/${name})
endforeach()
add_custom_target(cofetch_docs ALL DEPENDS ${COFETCH_DOCS_FILES})

# --- The command.
install(TARGETS cofetch RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cofetch)
install(FILES ${COFETCH_DOCS_DIR}/cofetch.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
        COMPONENT cofetch)
install(FILES ${COFETCH_DOCS_DIR}/cofetch.bash DESTINATION
        ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME cofetch COMPONENT cofetch)
install(FILES ${COFETCH_DOCS_DIR}/cofetch.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d COMPONENT cofetch)
# zsh: Debian's looks in share/zsh/vendor-completions under /usr (the package)
# and in share/zsh/site-functions under /usr/local. Decided at install time,
# when the prefix is known (cpack installs under .../usr).
install(CODE "
  if(CMAKE_INSTALL_PREFIX MATCHES \"(^|/)usr/?$\")
    set(cofetch_zsh_dir share/zsh/vendor-completions)
  else()
    set(cofetch_zsh_dir share/zsh/site-functions)
  endif()
  file(INSTALL \"${COFETCH_DOCS_DIR}/_cofetch\"
       DESTINATION \"\${CMAKE_INSTALL_PREFIX}/\${cofetch_zsh_dir}\")
" COMPONENT cofetch)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT cofetch)

# --- The library: cofetch::core for find_package(cofetch).
install(TARGETS cofetch_core EXPORT cofetchTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
install(DIRECTORY include/cofetch DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev
        FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/generated/cofetch/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/cofetch COMPONENT dev)
set(COFETCH_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/cofetch)
install(EXPORT cofetchTargets NAMESPACE cofetch:: DESTINATION ${COFETCH_CMAKE_DIR} COMPONENT dev)
configure_package_config_file(cmake/cofetchConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cofetchConfig.cmake INSTALL_DESTINATION ${COFETCH_CMAKE_DIR})
# 0.x: a minor version may change the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cofetchConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cofetchConfig.cmake ${PROJECT_BINARY_DIR}/cofetchConfigVersion.cmake
        DESTINATION ${COFETCH_CMAKE_DIR} COMPONENT dev)

# --- Debian packages: cofetch_VERSION_ARCH.deb and cofetch-dev_VERSION_ARCH.deb.
set(CPACK_PACKAGE_NAME cofetch)
set(CPACK_PACKAGE_VENDOR "The cofetch developers")
set(CPACK_PACKAGE_CONTACT "The cofetch developers <cofetch@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL cofetch dev)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_COFETCH_PACKAGE_NAME cofetch)
set(CPACK_DEBIAN_COFETCH_PACKAGE_SECTION web)
set(CPACK_DEBIAN_COFETCH_DESCRIPTION
    "${PROJECT_DESCRIPTION}\n cofetch fetches many URLs concurrently and reports, for each, the status\n and where the time went, and for the batch, what concurrency bought.")
# The libraries the binary links to (libcurl4, libuv1, libfmt...), found by dpkg-shlibdeps.
set(CPACK_DEBIAN_COFETCH_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME cofetch-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_DESCRIPTION
    "cofetch's engine as a C++20 library (cofetch::core)\n Coroutines on a libuv loop driving libcurl's multi interface: when_all,\n Session::fetch, sync_wait. Use it with find_package(cofetch).")
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libcurl4-openssl-dev, libuv1-dev (>= 1.44), libssl-dev, pkg-config")
include(CPack)
