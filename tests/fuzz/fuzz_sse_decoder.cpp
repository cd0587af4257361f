// SPDX-License-Identifier: MIT
// The SSE decoder must give the same events however the input is split, and never hold more
// than its line limit.
#include "SseDecoder.h"

#include <cstdint>
#include <cstdlib>

namespace {
QList<SseEvent> decode(QByteArrayView input, qsizetype step, bool *overflowed)
{
    SseDecoder decoder(256);
    QList<SseEvent> events;
    for (qsizetype pos = 0; pos < input.size(); pos += step)
        events += decoder.feed(input.sliced(pos, std::min(step, input.size() - pos)));
    decoder.hasPendingData();
    events += decoder.finish();
    *overflowed = decoder.overflowed();
    return events;
}

bool same(const QList<SseEvent> &a, const QList<SseEvent> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].event != b[i].event || a[i].data != b[i].data || a[i].id != b[i].id)
            return false;
    }
    return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype step = 1 + data[0] % 17;
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    bool overflowWhole = false;
    bool overflowSplit = false;
    const QList<SseEvent> whole = decode(input, std::max<qsizetype>(1, input.size()), &overflowWhole);
    const QList<SseEvent> split = decode(input, step, &overflowSplit);
    // The limit applies to whole lines too, so even the overflow does not depend on the split.
    if (overflowWhole != overflowSplit || !same(whole, split))
        std::abort();
    for (const SseEvent &event : whole) {
        if (event.data.contains('\r') || event.event.contains('\n') || event.id.contains('\0'))
            std::abort();
    }
    return 0;
}
