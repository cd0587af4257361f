// SPDX-License-Identifier: MIT
// Turns Nagle's algorithm off for every TCP connection this process opens.
//
// Qt 6.4's HTTP client leaves it on (QHttpNetworkConnectionChannel keeps its LowDelayOption line
// commented out) and writes one request in several small writes: HTTP/2's HEADERS, DATA and
// empty END_STREAM frames, or HTTP/1.1's headers and then the body. With Nagle on, the later
// writes wait for the server's ACK of the first, which a server may delay (up to 40 ms on Linux),
// and that wait ends up in every cell's time to first token. Qt gives no access to
// QNetworkAccessManager's sockets, so the executable defines connect() itself: the dynamic linker
// then uses it in place of libc's, for Qt too. It sets TCP_NODELAY on TCP sockets and calls the
// real connect(). Compiled into every executable that links the engine (see app/CMakeLists.txt).
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

extern "C" int connect(int fd, const struct sockaddr *address, socklen_t length)
{
    using Connect = int (*)(int, const struct sockaddr *, socklen_t);
    static const auto real = reinterpret_cast<Connect>(dlsym(RTLD_NEXT, "connect"));
    // PROMPTGRID_TCP_NODELAY=0 leaves Nagle on (to compare, or for a network that prefers it).
    static const bool enabled = [] {
        const char *setting = getenv("PROMPTGRID_TCP_NODELAY");
        return !setting || strcmp(setting, "0") != 0;
    }();
    if (enabled && address && (address->sa_family == AF_INET || address->sa_family == AF_INET6)) {
        int type = 0;
        socklen_t size = sizeof type;
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) == 0 && type == SOCK_STREAM) {
            const int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
    }
    if (!real)
        return int(syscall(SYS_connect, fd, address, length));
    return real(fd, address, length);
}
