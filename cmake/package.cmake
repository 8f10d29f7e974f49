# What `cmake --install` and the Debian package (CPack, script/package) put where: the binary, what it
# runs besides itself (the report renderer, the browser driver and its playwright-core; found from
# <bindir> by harness/runtime_files.cc), the CI scripts the GitLab template calls, and a man page.
include(GNUInstallDirs)
set(CLDCERT_DATA ${CMAKE_INSTALL_DATADIR}/cldcert)

install(TARGETS cldcert RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES reports/render.py DESTINATION ${CLDCERT_DATA}/reports)
install(DIRECTORY reports/cldcert_report reports/templates DESTINATION ${CLDCERT_DATA}/reports
        PATTERN __pycache__ EXCLUDE)
install(FILES harness/browser/browse.js harness/browser/package.json harness/browser/package-lock.json
        DESTINATION ${CLDCERT_DATA}/browser)
# playwright-core is not in Debian: the package carries the version harness/browser's lockfile pins,
# installed with npm ci into the build folder when the package is made.
set(BROWSER_MODULES ${PROJECT_BINARY_DIR}/npm/browser)
install(CODE "execute_process(COMMAND ${PROJECT_SOURCE_DIR}/script/npm-cached ${PROJECT_SOURCE_DIR}/harness/browser
                              ${BROWSER_MODULES} COMMAND_ERROR_IS_FATAL ANY)")
install(DIRECTORY ${BROWSER_MODULES}/node_modules DESTINATION ${CLDCERT_DATA}/browser)
install(PROGRAMS ci/run.sh DESTINATION ${CLDCERT_DATA}/ci)
install(PROGRAMS ci/gitlab/run.sh DESTINATION ${CLDCERT_DATA}/ci/gitlab)
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
install(FILES CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The man page is `cldcert --help` through help2man (UTF-8: the help has dashes), remade with the binary.
find_program(HELP2MAN_EXECUTABLE help2man)
if(HELP2MAN_EXECUTABLE)
  set(MAN_PAGE ${PROJECT_BINARY_DIR}/man/cldcert.1.gz)
  add_custom_command(OUTPUT ${MAN_PAGE}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND ${HELP2MAN_EXECUTABLE} --locale=C.UTF-8 --no-info --no-discard-stderr --version-string=${PROJECT_VERSION}
            --include=${PROJECT_SOURCE_DIR}/cmake/cldcert.h2m
            "--name=conformance harness for Cloudinary partner integrations" --output=${PROJECT_BINARY_DIR}/man/cldcert.1
            $<TARGET_FILE:cldcert>
    COMMAND gzip -9nf ${PROJECT_BINARY_DIR}/man/cldcert.1
    DEPENDS cldcert ${PROJECT_SOURCE_DIR}/cmake/cldcert.h2m VERBATIM)
  add_custom_target(cldcert_man ALL DEPENDS ${MAN_PAGE})
  install(FILES ${MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man page (script/install-deps installs it; script/package needs it)")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cldcert)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Conformance harness for Cloudinary partner integrations")
set(CPACK_PACKAGE_CONTACT "cldcert maintainers")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # cldcert_<project(VERSION)>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
if(CLDCERT_PROJECT_URL)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${CLDCERT_PROJECT_URL}")
endif()
set(CPACK_STRIP_FILES ON)
# The shared libraries come from dpkg-shlibdeps; the programs cldcert runs are named here: python3 and
# Jinja2 (reports/), node and chromium (cldcert.browse), git (history scans, provenance), licensecheck
# (cldcert.read_docs). Bookworm's nodejs is 18: harness/browser pins playwright-core 1.61.1, the last that runs on it.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3, python3-jinja2, nodejs (>= 18), chromium, git, licensecheck")
include(CPack)
