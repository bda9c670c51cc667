// Boost.Asio and its OpenSSL glue, compiled once for every module that does networking (separate
// compilation: BOOST_ASIO_SEPARATE_COMPILATION is set on every user of this target), so the heavy
// implementation headers are not recompiled in each translation unit.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
