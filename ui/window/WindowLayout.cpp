// SPDX-License-Identifier: MIT
#include "WindowLayout.h"

#include <algorithm>
#include <cmath>

namespace {
// Laptop and desktop screens up to full HD: the grid wants every pixel of them.
constexpr int kMaximizeUpToWidth = 1920;
constexpr int kMaximizeUpToHeight = 1200;
// On large screens the first window takes this much of the available area.
constexpr double kLargeScreenShare = 0.85;
// A side panel at its default width: wide enough for the composer's fields, never more.
constexpr int kComposerDefault = 340;
constexpr int kDetailDefault = 380;
constexpr double kComposerShare = 0.22;
} // namespace

bool WindowLayout::opensMaximized(const QRect &available)
{
    return available.width() <= kMaximizeUpToWidth || available.height() <= kMaximizeUpToHeight;
}

QRect WindowLayout::initialFrame(const QRect &available)
{
    if (opensMaximized(available))
        return available;
    QRect frame(0, 0, int(available.width() * kLargeScreenShare), int(available.height() * kLargeScreenShare));
    frame.moveCenter(available.center());
    return frame;
}

QRect WindowLayout::clampFrame(const QRect &frame, const QRect &available)
{
    QRect clamped(frame.topLeft(), frame.size().boundedTo(available.size()));
    if (clamped.right() > available.right())
        clamped.moveRight(available.right());
    if (clamped.bottom() > available.bottom())
        clamped.moveBottom(available.bottom());
    if (clamped.left() < available.left())
        clamped.moveLeft(available.left());
    if (clamped.top() < available.top())
        clamped.moveTop(available.top());
    return clamped;
}

int WindowLayout::preferredComposerWidth(int composerMinimum)
{
    return std::max(composerMinimum, kComposerDefault);
}

int WindowLayout::preferredDetailWidth(int detailMinimum)
{
    return std::max(detailMinimum, kDetailDefault);
}

WindowLayout::Panels WindowLayout::defaultPanels(int width, int handles, int composerMinimum, int detailMinimum)
{
    // What the grid leaves to the side panels.
    const int budget = int(std::floor(width * (1.0 - kGridShare))) - handles;
    Panels panels;
    // On narrow windows the composer gives way first, so that four columns still fit beside it.
    if (composerMinimum <= budget)
        panels.composer = std::clamp(std::min(budget, int(width * kComposerShare)), composerMinimum,
                                     preferredComposerWidth(composerMinimum));
    const int rest = budget - panels.composer;
    if (detailMinimum <= rest)
        panels.detail = std::clamp(rest, detailMinimum, preferredDetailWidth(detailMinimum));
    return panels;
}

WindowLayout::Panels WindowLayout::fitPanels(const Panels &saved, int width, int handles, int composerMinimum, int detailMinimum)
{
    const int grid = width - handles - saved.composer - saved.detail;
    if (grid >= width / 2)
        return saved;
    // A smaller screen than the one these widths were chosen on: default widths, same panels.
    const Panels defaults = defaultPanels(width, handles, saved.composer > 0 ? composerMinimum : width,
                                          saved.detail > 0 ? detailMinimum : width);
    return defaults;
}
