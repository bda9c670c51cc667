// Boost.Beast, compiled once (BOOST_BEAST_SEPARATE_COMPILATION); see asio_src.cc.
#include <boost/beast/src.hpp>
