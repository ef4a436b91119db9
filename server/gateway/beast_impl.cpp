// Separate compilation of Boost.Asio and Boost.Beast: their non-template code is
// compiled once, here, instead of in every file that includes them.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
