# Turns docs/openapi.json into a C++ array of its bytes: the server serves the
# document and takes each operation's query parameters from it.
set(openapi_json ${PROJECT_SOURCE_DIR}/docs/openapi.json)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${openapi_json})
file(READ ${openapi_json} openapi_hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," OPENAPI_BYTES "${openapi_hex}")
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/openapi_doc.cpp.in ${CMAKE_CURRENT_BINARY_DIR}/openapi_doc.cpp @ONLY)
